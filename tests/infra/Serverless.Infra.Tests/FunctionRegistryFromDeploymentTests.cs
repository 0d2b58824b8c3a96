using Microsoft.Extensions.Configuration;
using Serverless.Azure.Configuration;

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
}
