using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serverless.Azure.Configuration;
using Serverless.Azure.Telemetry;
using Serverless.Functions.Engine;
using Serverless.Functions.Execution;
using Serverless.Functions.Http;
using Serverless.Hosting.Engine;
using Serverless.Orchestrations.Profiles;
using Serverless.Orchestrations.Worker;

namespace Microsoft.Azure.Functions.Worker.Builder;

/// <summary>Enables the Serverless Splitter in an isolated Functions app: its triggers' services, by role.</summary>
public static class ServerlessFunctionsApplicationBuilderExtensions
{
    /// <summary>
    /// Registers what the app's triggers need, from the <c>Serverless:*</c> settings (validated at start-up,
    /// docs/configuration.md): the state store, the bus, the regional worker of <c>Serverless__Region</c> (regional
    /// and all roles), telemetry to Azure Monitor, the HTTP API's handlers and ports, and the interception of the app's
    /// own calls to <c>[Splitable]</c> methods, which then run on the app's Durable client.
    /// </summary>
    public static FunctionsApplicationBuilder AddServerlessFunctions(this FunctionsApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var configuration = builder.Configuration;

        // Every Serverless:* section, validated at start-up with messages naming the setting (docs/configuration.md).
        services.AddServerlessSettings(configuration);

        var adapters = configuration.GetSection(ServerlessOptions.Section).Get<AdapterSettings>() ?? new AdapterSettings();
        services.AddSingleton(_ => AdapterFactory.CreateStateStore(adapters));
        var serverless = configuration.GetSection(ServerlessOptions.Section).Get<ServerlessOptions>() ?? new ServerlessOptions();

        // Work items on Serverless__Bus, completions on the storage queue Serverless__CompletionQueue (AppMessageBus).
        services.AddSingleton(_ => AppMessageBus.Create(adapters, serverless.CompletionQueue));
        services.AddSingleton(_ => new StorageQueueEnvelopeReader(LargeMessageBlobs.Reader(adapters)));
        services.AddSingleton<ProfileStore>();
        services.AddSingleton(TimeProvider.System);

        // A regional app runs the units of its region through the generated executors of the app's function catalogue
        // (ISegmentRunner, registered with the HTTP API below). On Storage Queues the RegionalWorkReceived trigger hands
        // it each work item (the platform scales on that queue); on any other bus (Service Bus: no trigger extension is
        // available to this worker) the worker polls work-{region} itself as a hosted service.
        if (serverless.RunsWorker && !string.IsNullOrWhiteSpace(serverless.Region))
        {
            services.AddSingleton(new RegionalWorkerOptions { Region = serverless.Region, MaxConcurrency = serverless.WorkerConcurrency });
            services.AddSingleton(sp => ActivatorUtilities.CreateInstance<RegionalWorker>(sp));
            if (!IsStorageQueueBus(adapters))
            {
                services.AddHostedService<RegionalWorkerPoller>();
            }
        }

        // Telemetry (docs/observability.md): the engine's spans and Durable Task's, the engine's meter and the logs, to
        // Azure Monitor with the app's managed identity when APPLICATIONINSIGHTS_CONNECTION_STRING is set (otherwise dropped).
        services.AddOpenTelemetry().AddSplitterTelemetry(configuration).UseFunctionsWorkerDefaults();
        builder.Logging.AddFilter("Serverless", LogLevel.Information);

        // HTTP API: handlers and ports of /api/annotation, /api/split, /api/function, /api/execution, /api/functions.
        services.AddServerlessHttpApi(configuration);

        // Calls to [Splitable] methods made in the app's own code run split on the app's Durable client.
        services.AddDurableSplitCalls();
        return builder;
    }

    /// <summary>
    /// The interception handler of <c>AddServerlessSplitter</c> (installed when the worker starts) over the app's
    /// catalogue, annotations, state and bus, with <see cref="DurableSplitEngine"/> as its engine: an intercepted call
    /// runs as <c>ExecutePlanOrchestrator</c> on this app's task hub through the Durable client of the invocation that
    /// makes it. Registered after the HTTP API, whose catalogue, regions and annotation store it shares.
    /// </summary>
    internal static IServiceCollection AddDurableSplitCalls(this IServiceCollection services)
    {
        services.TryAddSingleton<ISplitExecutionEngine, DurableSplitEngine>();
        return services.AddServerlessSplitter();
    }

    /// <summary>True when work items travel on Storage Queues (<c>Serverless__Bus</c> <c>storagequeue</c> or unset), which the trigger reads.</summary>
    internal static bool IsStorageQueueBus(AdapterSettings adapters)
        => adapters.Bus?.Trim().ToLowerInvariant() is "storagequeue" or "" or null;
}
