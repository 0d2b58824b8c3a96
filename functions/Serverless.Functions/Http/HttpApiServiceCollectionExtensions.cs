using System.Reflection;
using Azure.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Serverless.Api;
using Serverless.Api.Adapters;
using Serverless.Api.Analysis;
using Serverless.Api.Catalog;
using Serverless.Api.Execution;
using Serverless.Api.Market;
using Serverless.Api.Planning;
using Serverless.Azure.Configuration;
using Serverless.Azure.Provisioning;
using Serverless.Contracts.Plans;
using Serverless.Functions.Execution;
using Serverless.Orchestrations.Annotations;
using Serverless.Orchestrations.Dispatch;
using Serverless.Orchestrations.InMemory;
using Serverless.Orchestrations.Ports;
using Serverless.Orchestrations.Runtime;
using Serverless.Functions.Engine;
using Serverless.Functions.Market;
using Serverless.Hosting;

namespace Serverless.Functions.Http;

/// <summary>
/// Registers the HTTP API's handlers and the ports the Functions app provides: the function catalogue (discovered from the app's assemblies), the planner over
/// the configured regions, the Roslyn analysis, the Table annotation store and function registry (in-memory without storage) and the ARM
/// provisioner (when <c>Serverless__SubscriptionId</c> and <c>Serverless__ResourceGroup</c> are set; without it only
/// deploy is unavailable, answering 503), the execution
/// service over the Durable Functions client (<see cref="DurableExecutionService"/>) and the regional role's segment
/// runner (<see cref="GeneratedSegmentRunner"/> over the same catalogue); unless <c>Serverless__Dispatch__Undeployed</c> is
/// dispatch, the <see cref="DeploymentCheck"/> the dispatch activity runs.
/// </summary>
public static class HttpApiServiceCollectionExtensions
{
    public static IServiceCollection AddServerlessHttpApi(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddServerlessApi();
        var settings = configuration.GetSection("Serverless");
        // Serverless__RegionsFile (the catalogue; built-in when empty) restricted to Serverless__Regions: an invalid file
        // or a name the catalogue does not know is refused, naming the setting.
        services.TryAddSingleton(ServerlessSettings.PlanEnvironmentFor(settings["Regions"], settings["RegionsFile"], AppContext.BaseDirectory));
        // The function catalogue: every function the generator registered in the app's own assemblies (the entry
        // assembly and what it references); the package version is the app's.
        services.TryAddSingleton(_ => SplitFunctionRegistry.FromAssemblies([.. AppAssemblies()]));
        services.TryAddSingleton(sp => new RegistryManifestCatalog(sp.GetRequiredService<SplitFunctionRegistry>(), PackageVersion(Assembly.GetEntryAssembly())));
        services.TryAddSingleton<IManifestCatalog>(sp => sp.GetRequiredService<RegistryManifestCatalog>());

        // The regional role runs units through the generated executors of the same catalogue.
        services.TryAddSingleton<ISegmentRunner>(sp => new GeneratedSegmentRunner(sp.GetRequiredService<SplitFunctionRegistry>()));
        services.TryAddSingleton<IExecutionService, DurableExecutionService>();
        // GET /api/market reads the market's entities and the autoscaler with the invocation's Durable client.
        services.TryAddSingleton<IMarketReader>(sp => new EntityMarketReader(sp.GetRequiredService<PlanEnvironment>()));
        services.TryAddSingleton<IPlanPreviewer>(sp => new PlannerPreviewer(sp.GetRequiredService<PlanEnvironment>()));
        services.TryAddSingleton<ISourceAnalyzer, RoslynSourceAnalyzer>();

        // The planner reads the profiles the orchestrator records into the execution state store.
        services.TryAddSingleton<IMeasuredProfiles>(sp => new StoredMeasuredProfiles(sp.GetRequiredService<IStateStore>()));
        // Run-time annotation overrides live in the configured storage (connection string, or account name and managed
        // identity as Bicep sets them), shared by every instance; in memory only when no storage is configured at all.
        var adapters = settings.Get<AdapterSettings>() ?? new AdapterSettings();
        if (AdapterFactory.HasStorage(adapters))
        {
            services.TryAddSingleton<IAnnotationStore>(_ => AdapterFactory.CreateAnnotationStore(adapters));
            // The deployed virtual functions, in the same storage (table 'functions').
            services.TryAddSingleton<IFunctionRegistry>(_ => AdapterFactory.CreateFunctionRegistry(adapters));
        }
        else
        {
            services.TryAddSingleton<IAnnotationStore, InMemoryAnnotationStore>();
            services.TryAddSingleton<IFunctionRegistry, InMemoryFunctionRegistry>();
        }

        // Serverless__Dispatch__Undeployed (fail or deploy; unset: deploy with the ARM provisioner, else fail): the dispatch
        // activity checks the registry for each unit's virtual function in its region at this app's package version (the
        // version deploy records). Only an explicit dispatch sends units without looking.
        var undeployed = DeploymentCheck.Resolve(settings["Dispatch:Undeployed"], ServerlessSettings.HasProvisioner(settings), out var dispatchProblem)
            ?? throw new InvalidOperationException(dispatchProblem);
        if (undeployed != UndeployedUnits.Dispatch)
        {
            services.TryAddSingleton(sp => new DeploymentCheck(
                undeployed,
                sp.GetRequiredService<IManifestCatalog>().PackageVersion,
                sp.GetRequiredService<IFunctionRegistry>(),
                sp.GetService<TimeProvider>() ?? TimeProvider.System,
                sp.GetService<IProvisioner>()));
        }

        // Serverless__SubscriptionId, __ResourceGroup, __DeploymentTemplatePath (relative to the app's folder) and
        // __DeploymentParameters__*: what main.bicep sets on the orchestrator app.
        if (ArmProvisionerOptions.FromSettings(settings, AppContext.BaseDirectory) is { } provisioning)
        {
            services.TryAddSingleton<IProvisioner>(_ => new ArmProvisioner(
                new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = settings["ManagedIdentityClientId"] is { Length: > 0 } id ? id : null }),
                provisioning));
        }

        return services;
    }

    private static IReadOnlyList<Assembly> AppAssemblies()
        => Assembly.GetEntryAssembly() is { } entry ? FunctionDiscovery.From(entry) : [];

    private static string PackageVersion(Assembly? app)
        => app?.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? app?.GetName().Version?.ToString() ?? "0.0.0";
}
