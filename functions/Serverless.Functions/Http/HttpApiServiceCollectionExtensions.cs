using System.Text.Json.Nodes;
using Azure.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Serverless.Api;
using Serverless.Api.Adapters;
using Serverless.Api.Analysis;
using Serverless.Api.Catalog;
using Serverless.Api.Execution;
using Serverless.Api.Planning;
using Serverless.Azure.Annotations;
using Serverless.Azure.Provisioning;
using Serverless.Contracts.Plans;
using Serverless.Functions.Execution;
using Serverless.Orchestrations.Annotations;
using Serverless.Orchestrations.Ports;
using Serverless.Orchestrations.Runtime;

namespace Serverless.Functions.Http;

/// <summary>
/// Registers the HTTP API's handlers and the ports the Functions app provides: the sample catalogue, the planner over
/// the configured regions, the Roslyn analysis, the Table annotation store (in-memory without storage) and the ARM
/// provisioner (when <c>Serverless__SubscriptionId</c> and <c>Serverless__ResourceGroup</c> are set), the execution
/// service over the Durable Functions client (<see cref="DurableExecutionService"/>) and the regional role's segment
/// runner (<see cref="GeneratedSegmentRunner"/> over the same catalogue).
/// </summary>
public static class HttpApiServiceCollectionExtensions
{
    public static IServiceCollection AddServerlessHttpApi(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddServerlessApi();
        var settings = configuration.GetSection("Serverless");
        var regions = (settings["Regions"] ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var environment = regions.Length == 0
            ? PlanEnvironment.Default
            : PlanEnvironment.Default with { Regions = [.. PlanEnvironment.Default.Regions.Where(r => regions.Contains(r.Name))] };
        services.TryAddSingleton(environment);
        services.TryAddSingleton(_ => RegistryManifestCatalog.FromAssemblies(typeof(Serverless.Samples.DocumentPipeline).Assembly));
        services.TryAddSingleton<IManifestCatalog>(sp => sp.GetRequiredService<RegistryManifestCatalog>());

        // The regional role runs units through the generated executors of the same catalogue.
        services.TryAddSingleton(sp => sp.GetRequiredService<RegistryManifestCatalog>().Catalogue);
        services.TryAddSingleton<ISegmentRunner>(sp => new GeneratedSegmentRunner(sp.GetRequiredService<SplitFunctionRegistry>()));
        services.TryAddSingleton<IExecutionService, DurableExecutionService>();
        services.TryAddSingleton<IPlanPreviewer>(sp => new PlannerPreviewer(sp.GetRequiredService<PlanEnvironment>()));
        services.TryAddSingleton<ISourceAnalyzer, RoslynSourceAnalyzer>();

        // The planner reads the profiles the orchestrator records into the execution state store.
        services.TryAddSingleton<IMeasuredProfiles>(sp => new StoredMeasuredProfiles(sp.GetRequiredService<IStateStore>()));
        if (settings["StorageConnection"] is { Length: > 0 } connection)
        {
            services.TryAddSingleton<IAnnotationStore>(_ => TableAnnotationStore.FromConnectionString(connection));
        }
        else
        {
            services.TryAddSingleton<IAnnotationStore, InMemoryAnnotationStore>();
        }

        if (settings["SubscriptionId"] is { Length: > 0 } subscription && settings["ResourceGroup"] is { Length: > 0 } group)
        {
            services.TryAddSingleton<IProvisioner>(_ => new ArmProvisioner(
                new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = settings["ManagedIdentityClientId"] }),
                new ArmProvisionerOptions
                {
                    SubscriptionId = subscription,
                    ResourceGroup = group,
                    TemplateJson = File.ReadAllText(settings["DeploymentTemplatePath"] ?? Path.Combine(AppContext.BaseDirectory, "infra", "regional-app.json")),
                    Parameters = TemplateParameters(settings),
                }));
        }

        return services;
    }

    private static Dictionary<string, JsonNode?> TemplateParameters(IConfigurationSection settings)
    {
        // Every "Serverless:DeploymentParameters:{name}" setting becomes a template parameter (only declared ones are sent).
        var parameters = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var child in settings.GetSection("DeploymentParameters").GetChildren())
        {
            parameters[child.Key] = child.Value is null ? null : JsonValue.Create(child.Value);
        }

        return parameters;
    }
}
