using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Api.Catalog;
using Serverless.Azure.Registry;
using Serverless.Functions.Http;
using Serverless.Orchestrations.Dispatch;
using Serverless.Orchestrations.InMemory;
using Serverless.Orchestrations.Ports;
using Serverless.TestSupport;

namespace Serverless.Functions.Tests.Http;

/// <summary>
/// The registry of deployed virtual functions as the Functions app registers it from its settings: with storage
/// configured (a connection string, or the account name Bicep sets) the Table in that storage, never memory.
/// </summary>
[Collection(StorageFixture.Collection)]
public sealed class FunctionRegistrySettingsTests(StorageFixture storage)
{
    private const string Account = "stdemoabcdefghijklm";

    private static IFunctionRegistry Instance(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddServerlessHttpApi(configuration).BuildServiceProvider().GetRequiredService<IFunctionRegistry>();
    }

    [Fact]
    public void BicepSettings_UsesTheAccountsFunctionsTableByIdentity()
    {
        var registry = Assert.IsType<TableFunctionRegistry>(Instance(new()
        {
            ["Serverless:StorageConnection"] = "",
            ["Serverless:StorageAccountName"] = Account,
            ["Serverless:ManagedIdentityClientId"] = "11111111-2222-3333-4444-555555555555",
        }));
        Assert.Equal(new Uri($"https://{Account}.table.core.windows.net/functions"), registry.TableUri);
    }

    [Fact]
    public void DispatchUndeployedFail_RegistersTheCheckOverTheTableRegistryAtTheAppsPackageVersion()
    {
        var services = new ServiceCollection().AddServerlessHttpApi(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Serverless:StorageConnection"] = "",
            ["Serverless:StorageAccountName"] = Account,
            ["Serverless:Dispatch:Undeployed"] = "fail",
        }).Build()).BuildServiceProvider();

        var check = services.GetRequiredService<DeploymentCheck>();
        Assert.Equal(UndeployedUnits.Fail, check.Undeployed);
        Assert.Equal(services.GetRequiredService<IManifestCatalog>().PackageVersion, check.PackageVersion);
        Assert.IsType<TableFunctionRegistry>(services.GetRequiredService<IFunctionRegistry>());
    }

    [Fact]
    public void DispatchUndeployedUnset_WithoutProvisioner_FailsUndeployedUnits()
    {
        var check = new ServiceCollection().AddServerlessHttpApi(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Serverless:StorageConnection"] = "",
            ["Serverless:StorageAccountName"] = Account,
        }).Build()).BuildServiceProvider().GetRequiredService<DeploymentCheck>();
        Assert.Equal(UndeployedUnits.Fail, check.Undeployed);
    }

    [Fact]
    public void DispatchUndeployedUnset_WithTheArmProvisioner_DeploysFirst()
    {
        var template = Path.Combine(Path.GetTempPath(), $"regional-app-{Environment.ProcessId}.json");
        File.WriteAllText(template, "{\"$schema\":\"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#\",\"contentVersion\":\"1.0.0.0\",\"resources\":[]}");
        try
        {
            var check = new ServiceCollection().AddServerlessHttpApi(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Serverless:StorageConnection"] = "",
                ["Serverless:StorageAccountName"] = Account,
                ["Serverless:SubscriptionId"] = "00000000-0000-0000-0000-000000000001",
                ["Serverless:ResourceGroup"] = "rg-serverless",
                ["Serverless:DeploymentTemplatePath"] = template,
            }).Build()).BuildServiceProvider().GetRequiredService<DeploymentCheck>();
            Assert.Equal(UndeployedUnits.Deploy, check.Undeployed);
        }
        finally
        {
            File.Delete(template);
        }
    }

    [Fact]
    public void DispatchUndeployedDispatch_RegistersNoCheck()
        => Assert.Null(new ServiceCollection().AddServerlessHttpApi(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Serverless:StorageConnection"] = "",
            ["Serverless:StorageAccountName"] = Account,
            ["Serverless:Dispatch:Undeployed"] = "dispatch",
        }).Build()).BuildServiceProvider().GetService<DeploymentCheck>());

    [Fact]
    public void DispatchUndeployedUnknown_RefusedNamingTheSetting()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddServerlessHttpApi(
            new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Serverless:Dispatch:Undeployed"] = "later" }).Build()));
        Assert.Contains("Serverless__Dispatch__Undeployed is 'later'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NoStorageAtAll_FallsBackToMemory()
        => Assert.IsType<InMemoryFunctionRegistry>(Instance(new() { ["Serverless:StorageConnection"] = "", ["Serverless:StorageAccountName"] = "" }));

    [Fact]
    public async Task TwoInstances_SameStorage_SeeEachOthersDeployments()
    {
        var settings = new Dictionary<string, string?> { ["Serverless:StorageConnection"] = storage.ConnectionString, ["Serverless:StorageAccountName"] = "" };
        var a = Instance(settings);
        var b = Instance(settings);
        var functionId = $"Demo.Registry.{storage.UniqueName("f")}";
        var function = new VirtualFunction(VirtualFunction.IdentifierFor(functionId, 0, "eastus"), functionId, 0, [0, 1], "eastus", 1024, 90, "3.1.0");
        await a.RecordAsync([function], DateTimeOffset.UnixEpoch);

        var seen = Assert.Single(await b.ListAsync(functionId));
        Assert.Equal(function, seen.VirtualFunction);
        Assert.Equal(DateTimeOffset.UnixEpoch, seen.DeployedAt);
    }
}
