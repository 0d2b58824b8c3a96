using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serverless.Azure.Configuration;
using Serverless.Functions.Engine;
using Serverless.Orchestrations.Observability;
using Serverless.Orchestrations.Profiles;
using Serverless.Orchestrations.Worker;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();

builder.Services.AddOptions<ServerlessOptions>()
    .Bind(builder.Configuration.GetSection(ServerlessOptions.Section))
    .ValidateDataAnnotations()
    .ValidateOnStart();
builder.Services.AddSingleton<IValidateOptions<ServerlessOptions>, ServerlessOptionsValidator>();

var adapters = builder.Configuration.GetSection(ServerlessOptions.Section).Get<AdapterSettings>() ?? new AdapterSettings();
builder.Services.AddSingleton(_ => AdapterFactory.CreateStateStore(adapters));
builder.Services.AddSingleton(_ => AdapterFactory.CreateMessageBus(adapters));
builder.Services.AddSingleton<ProfileStore>();
builder.Services.AddSingleton(TimeProvider.System);

// A regional app runs the units of its region; the segment runner comes from the generated executors of the
// user's assembly (registered by the user's startup as ISegmentRunner).
var serverless = builder.Configuration.GetSection(ServerlessOptions.Section).Get<ServerlessOptions>() ?? new ServerlessOptions();
if (serverless.RunsWorker && !string.IsNullOrWhiteSpace(serverless.Region))
{
    builder.Services.AddSingleton(new RegionalWorkerOptions { Region = serverless.Region, MaxConcurrency = serverless.WorkerConcurrency });
    builder.Services.AddHostedService(sp => ActivatorUtilities.CreateInstance<RegionalWorker>(sp));
}

var monitor = builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"];
builder.Services.AddOpenTelemetry().WithTracing(t =>
{
    t.AddSource(SplitterTelemetry.SourceName, "Microsoft.DurableTask");
    if (!string.IsNullOrEmpty(monitor))
    {
        t.AddAzureMonitorTraceExporter(o => o.ConnectionString = monitor);
    }
}).UseFunctionsWorkerDefaults();

builder.Logging.AddFilter("Serverless", LogLevel.Information);
builder.Build().Run();
