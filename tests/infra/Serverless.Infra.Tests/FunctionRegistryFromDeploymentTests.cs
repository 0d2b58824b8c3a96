using Microsoft.Extensions.Configuration;
using Serverless.Azure.Configuration;
using Serverless.Orchestrations.Dispatch;

namespace Serverless.Infra.Tests;

/// <summary>
/// The registry of deployed virtual functions as every app main.bicep deploys builds it: the evaluated app settings of
/// each site (parameters file) become the configuration <see cref="AdapterFactory.CreateFunctionRegistry"/> reads, and
/// the registry is the <c>functions</c> table of the deployment's storage account, reached by identity (no connection
/// string), the same table on every app.
/// </summary>
[Collection(InfraCollection.Name)]
public sealed class FunctionRegistryFromDeploymentTests(CompiledInfra infra)
{
    [Fact]
    public void EverySite_WithParametersFile_UsesTheSameFunctionsTableOfTheDeploymentsAccountByIdentity()
    {
        var sites = InfraDeployments.ExpandMain(infra.Main, InfraDeployments.ParametersFile()).OfType(InfraDeployments.SitesType).ToList();
        Assert.True(sites.Count >= 2, $"expected the orchestrator and regional apps, found {sites.Count} sites");

        var tables = new HashSet<Uri>();
        foreach (var site in sites)
        {
            var settings = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var name in site.RawSettings().Keys.Where(k => k.StartsWith("Serverless__Storage", StringComparison.Ordinal)))
            {
                settings[name.Replace("__", ":", StringComparison.Ordinal)] = site.Setting(name);
            }

            var adapters = new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection("Serverless").Get<AdapterSettings>() ?? new AdapterSettings();
            Assert.True(string.IsNullOrEmpty(adapters.StorageConnection), $"{site.Name} sets a storage connection string");
            Assert.True(AdapterFactory.HasStorage(adapters), $"{site.Name} configures no storage");

            var registry = AdapterFactory.CreateFunctionRegistry(adapters);
            Assert.Equal(new Uri($"https://{site.Setting("Serverless__StorageAccountName")}.table.core.windows.net/functions"), registry.TableUri);
            tables.Add(registry.TableUri);
        }

        Assert.Single(tables);
    }

    [Fact]
    public void OrchestratorSite_WithParametersFile_DispatchesOnlyWhereDeployed_DeployingThroughItsProvisioner()
    {
        // What the app reads for Serverless__Dispatch__Undeployed and whether it has the ARM provisioner, from the
        // orchestrator's evaluated settings: the deployed engine must never send a unit to a region without its function.
        var orchestrator = Assert.Single(
            InfraDeployments.ExpandMain(infra.Main, InfraDeployments.ParametersFile()).OfType(InfraDeployments.SitesType),
            s => s.Setting("Serverless__Role") == "orchestrator");
        var raw = orchestrator.RawSettings();
        var hasProvisioner = new[] { "Serverless__SubscriptionId", "Serverless__ResourceGroup" }
            .All(k => raw.ContainsKey(k) && !string.IsNullOrWhiteSpace(orchestrator.Setting(k)));
        var value = raw.ContainsKey("Serverless__Dispatch__Undeployed") ? orchestrator.Setting("Serverless__Dispatch__Undeployed") : null;

        Assert.True(hasProvisioner, "the orchestrator app has no Serverless__SubscriptionId/Serverless__ResourceGroup to deploy with");
        Assert.Equal(UndeployedUnits.Deploy, DeploymentCheck.Resolve(value, hasProvisioner, out var problem));
        Assert.Null(problem);
    }
}
