using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

// A user's isolated Functions app: its [Splitable] functions come from the libraries it references (here
// Serverless.Samples); one call enables the Serverless Splitter (orchestrator or regional role by Serverless__Role).
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.AddServerlessFunctions();
builder.Build().Run();
