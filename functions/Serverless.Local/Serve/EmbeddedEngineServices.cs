using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Serverless.Api.Adapters;
using Serverless.Api.Analysis;
using Serverless.Api.Catalog;
using Serverless.Api.Execution;
using Serverless.Api.Market;
using Serverless.Api.Planning;
using Serverless.Contracts.Plans;
using Serverless.Local.Commands;
using Serverless.Orchestrations.Ports;

namespace Serverless.Local.Serve;

/// <summary>
/// The adapter point between the API's ports and the embedded engine: the sample functions' catalogue, the planner
/// over the built-in regions, the Roslyn analysis, the engine's execution service, its worker pools and its market.
/// </summary>
internal static class EmbeddedEngineServices
{
    public static void Add(IServiceCollection services, ServeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(settings);
        services.TryAddSingleton(settings);
        services.TryAddSingleton(PlanEnvironment.Default);
        services.TryAddSingleton(_ => RegistryManifestCatalog.FromAssemblies(typeof(Serverless.Samples.DocumentPipeline).Assembly));
        services.TryAddSingleton<IManifestCatalog>(sp => sp.GetRequiredService<RegistryManifestCatalog>());
        services.TryAddSingleton<IPlanPreviewer>(sp => new PlannerPreviewer(sp.GetRequiredService<PlanEnvironment>()));
        services.TryAddSingleton<ISourceAnalyzer, RoslynSourceAnalyzer>();
        services.TryAddSingleton<IMeasuredProfiles, EngineMeasuredProfiles>();
        services.TryAddSingleton<EngineHost>();
        services.AddHostedService(sp => sp.GetRequiredService<EngineHost>());
        services.TryAddSingleton<IWorkerPoolHost, EmbeddedWorkerPools>();
        services.TryAddSingleton<IExecutionService, EngineExecutionService>();
        services.TryAddSingleton<IMarketReader, EngineMarketReader>();
        services.AddHostedService<RetentionSweeper>();
    }
}
