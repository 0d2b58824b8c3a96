using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serverless.Azure.Configuration;
using Serverless.Azure.Telemetry;
using Serverless.Functions.Engine;
using Serverless.Functions.Http;
using Serverless.Orchestrations.Profiles;
using Serverless.Orchestrations.Worker;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();

// Every Serverless:* section, validated at start-up with messages naming the setting (docs/configuration.md).
builder.Services.AddServerlessSettings(builder.Configuration);

var adapters = builder.Configuration.GetSection(ServerlessOptions.Section).Get<AdapterSettings>() ?? new AdapterSettings();
builder.Services.AddSingleton(_ => AdapterFactory.CreateStateStore(adapters));
var serverless = builder.Configuration.GetSection(ServerlessOptions.Section).Get<ServerlessOptions>() ?? new ServerlessOptions();

// Work items on Serverless__Bus, completions on the storage queue Serverless__CompletionQueue (AppMessageBus).
builder.Services.AddSingleton(_ => AppMessageBus.Create(adapters, serverless.CompletionQueue));
builder.Services.AddSingleton(_ => new StorageQueueEnvelopeReader(LargeMessageBlobs.Reader(adapters)));
builder.Services.AddSingleton<ProfileStore>();
builder.Services.AddSingleton(TimeProvider.System);

// A regional app runs the units of its region through the generated executors of the app's function catalogue
// (ISegmentRunner, registered with the HTTP API below).
if (serverless.RunsWorker && !string.IsNullOrWhiteSpace(serverless.Region))
{
    builder.Services.AddSingleton(new RegionalWorkerOptions { Region = serverless.Region, MaxConcurrency = serverless.WorkerConcurrency });
    builder.Services.AddHostedService(sp => ActivatorUtilities.CreateInstance<RegionalWorker>(sp));
}

// Telemetry (docs/observability.md): the engine's spans and Durable Task's, the engine's meter and the logs, to Azure
// Monitor with the app's managed identity when APPLICATIONINSIGHTS_CONNECTION_STRING is set (otherwise dropped).
builder.Services.AddOpenTelemetry().AddSplitterTelemetry(builder.Configuration).UseFunctionsWorkerDefaults();

builder.Logging.AddFilter("Serverless", LogLevel.Information);

// ---- HTTP API: handlers and ports of /api/annotation, /api/split, /api/function, /api/execution, /api/functions.
builder.Services.AddServerlessHttpApi(builder.Configuration);
// ----
builder.Build().Run();
