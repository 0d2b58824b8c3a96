using System.Reflection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Hosting;
using Serverless.Hosting.Engine;
using Serverless.Hosting.Interception;
using Serverless.Orchestrations.Annotations;
using Serverless.Orchestrations.InMemory;
using Serverless.Orchestrations.Market;
using Serverless.Orchestrations.Ports;
using Serverless.Orchestrations.Runtime;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Serverless Splitter in an app: its ordinary calls to <c>[Splitable]</c> methods then run split.</summary>
public static class ServerlessSplitterServiceCollectionExtensions
{
    /// <summary>
    /// Wires the function catalogue (discovered from the app's own assemblies through the generated providers), the
    /// planner, the market, the state store, the bus and the engine-backed interception handler, which is installed
    /// when the host starts. Call <see cref="SplitterOptions.UseEmbeddedEngine()"/> to run on the in-process engine;
    /// without it, another integration (the Functions app) registers the <see cref="ISplitExecutionEngine"/>.
    /// Services registered before this call (an <see cref="IAnnotationStore"/>, <see cref="IComputeMarket"/>, …) are kept.
    /// </summary>
    public static IServiceCollection AddServerlessSplitter(this IServiceCollection services, Action<SplitterOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new SplitterOptions();
        configure?.Invoke(options);
        services.TryAddSingleton(options);
        services.TryAddSingleton(options.Environment);
        services.TryAddSingleton(_ => SplitFunctionRegistry.FromAssemblies([.. Catalogue(options)]));
        services.TryAddSingleton<IAnnotationStore, InMemoryAnnotationStore>();
        services.TryAddSingleton<IComputeMarket, PlanRegionMarket>();
        services.TryAddSingleton(_ => options.StateStore ?? new InMemoryStateStore());
        services.TryAddSingleton(_ => options.MessageBus ?? new InMemoryMessageBus(TimeProvider.System));
        services.TryAddSingleton<ISegmentRunner>(sp => new GeneratedSegmentRunner(sp.GetRequiredService<SplitFunctionRegistry>()));
        services.TryAddSingleton<SplitCallPlanner>();
        services.TryAddSingleton<EngineSplitCallHandler>();
        if (options.EmbeddedEngine is { } engine)
        {
            services.TryAddSingleton(sp => new EmbeddedSplitEngine(
                sp.GetRequiredService<ISegmentRunner>(),
                engine with { Regions = [.. options.Environment.Regions.Select(r => r.Name)] },
                sp.GetRequiredService<IStateStore>(),
                sp.GetRequiredService<IMessageBus>(),
                sp.GetRequiredService<IComputeMarket>(),
                sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance));
            services.TryAddSingleton<ISplitExecutionEngine>(sp => sp.GetRequiredService<EmbeddedSplitEngine>());
            services.AddHostedService(sp => new SplitterHostedService(sp.GetRequiredService<EngineSplitCallHandler>(), sp.GetRequiredService<EmbeddedSplitEngine>()));
        }
        else
        {
            services.AddHostedService(sp => new SplitterHostedService(
                sp.GetService<ISplitExecutionEngine>() is null
                    ? throw new InvalidOperationException("AddServerlessSplitter: no engine to run split calls on. Call options.UseEmbeddedEngine() for the in-process engine, or enable the Functions integration (builder.AddServerlessFunctions()) in a Functions app.")
                    : sp.GetRequiredService<EngineSplitCallHandler>()));
        }

        return services;
    }

    private static IEnumerable<Assembly> Catalogue(SplitterOptions options)
    {
        var all = new List<Assembly>(options.Assemblies);
        if (options.DiscoverFromEntryAssembly && Assembly.GetEntryAssembly() is { } entry)
        {
            all.AddRange(FunctionDiscovery.From(entry).Where(a => !all.Contains(a)));
        }

        return all;
    }
}
