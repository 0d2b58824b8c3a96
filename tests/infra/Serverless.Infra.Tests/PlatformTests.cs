using System.Text.Json.Nodes;

namespace Serverless.Infra.Tests;

/// <summary>Flex Consumption apps, locked-down storage and Service Bus, identity-only telemetry, the state resources.</summary>
[Collection(InfraCollection.Name)]
public sealed class PlatformTests(CompiledInfra infra)
{
    private IReadOnlyList<ExpandedResource> Deployed() => InfraDeployments.ExpandMain(infra.Main, InfraDeployments.ParametersFile());

    [Fact]
    public void Sites_All_AreFlexConsumptionDotnetIsolated10DeployedByIdentity()
    {
        var resources = Deployed();
        var sites = resources.OfType(InfraDeployments.SitesType).ToList();
        var plans = resources.OfType("Microsoft.Web/serverfarms").ToList();

        Assert.Equal(sites.Count, plans.Count);
        Assert.All(plans, plan =>
        {
            Assert.Equal("FC1", plan.Resource["sku"]!["name"]!.GetValue<string>());
            Assert.Equal("FlexConsumption", plan.Resource["sku"]!["tier"]!.GetValue<string>());
            Assert.True(plan.Resource["properties"]!["reserved"]!.GetValue<bool>(), "Flex Consumption plans are Linux (reserved).");
        });
        Assert.All(sites, site =>
        {
            var resource = site.Resource;
            Assert.Equal("functionapp,linux", resource["kind"]!.GetValue<string>());
            Assert.True(resource["properties"]!["httpsOnly"]!.GetValue<bool>());
            Assert.Equal("UserAssigned", resource["identity"]!["type"]!.GetValue<string>());
            var config = resource["properties"]!["functionAppConfig"]!;
            Assert.Equal("dotnet-isolated", config["runtime"]!["name"]!.GetValue<string>());
            Assert.Equal("10.0", config["runtime"]!["version"]!.GetValue<string>());
            Assert.Equal("blobContainer", config["deployment"]!["storage"]!["type"]!.GetValue<string>());
            var authentication = config["deployment"]!["storage"]!["authentication"]!;
            Assert.Equal("UserAssignedIdentity", authentication["type"]!.GetValue<string>());
            Assert.Equal(
                site.Evaluator.EvaluateToString(Assert.Single(resource["identity"]!["userAssignedIdentities"]!.AsObject()).Key),
                site.Evaluator.EvaluateToString(authentication["userAssignedIdentityResourceId"]));
            Assert.Contains(site.Evaluator.Evaluate(config["scaleAndConcurrency"]!["instanceMemoryMB"])!.GetValue<int>(), new[] { 512, 2048, 4096 });
        });

        // Each app has its own deployment container, and basic (publishing profile) credentials are off.
        var containers = resources.OfType("Microsoft.Storage/storageAccounts/blobServices/containers")
            .Count(c => InfraDeployments.Leaf(c.Name).StartsWith("app-package-", StringComparison.Ordinal));
        Assert.Equal(sites.Count, containers);
        var policies = resources.OfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies").ToList();
        Assert.Equal(2 * sites.Count, policies.Count);
        Assert.All(policies, p => Assert.False(p.Resource["properties"]!["allow"]!.GetValue<bool>()));
    }

    [Fact]
    public void Storage_Account_RefusesSharedKeysAndHoldsStateAndTaskHub()
    {
        var resources = Deployed();
        var account = Assert.Single(resources.OfType("Microsoft.Storage/storageAccounts")).Resource["properties"]!;
        Assert.False(account["allowSharedKeyAccess"]!.GetValue<bool>());
        Assert.False(account["allowBlobPublicAccess"]!.GetValue<bool>());
        Assert.Equal("TLS1_2", account["minimumTlsVersion"]!.GetValue<string>());

        var tables = Leaves(resources, "Microsoft.Storage/storageAccounts/tableServices/tables");
        var containers = Leaves(resources, "Microsoft.Storage/storageAccounts/blobServices/containers");
        var queues = Leaves(resources, "Microsoft.Storage/storageAccounts/queueServices/queues");
        Assert.Contains("splitstate", tables);
        Assert.Contains("SplitterHubHistory", tables);
        Assert.Contains("SplitterHubInstances", tables);
        Assert.Contains("splitstate-large", containers);
        Assert.Contains("splitterhub-leases", containers);
        Assert.Equal(
            ["splitterhub-control-00", "splitterhub-control-01", "splitterhub-control-02", "splitterhub-control-03", "splitterhub-workitems"],
            queues.Order(StringComparer.Ordinal));
        Assert.All(
            resources.OfType("Microsoft.Storage/storageAccounts/blobServices/containers"),
            c => Assert.Equal("None", c.Resource["properties"]!["publicAccess"]!.GetValue<string>()));
    }

    [Fact]
    public void ServiceBus_NamespaceAndQueues_IdentityOnlyWithDeadLetteringAndMaxDelivery()
    {
        var arguments = InfraDeployments.ParametersFile();
        var resources = Deployed();
        var ns = Assert.Single(resources.OfType("Microsoft.ServiceBus/namespaces"));
        Assert.True(ns.Resource["properties"]!["disableLocalAuth"]!.GetValue<bool>());
        Assert.Equal("Standard", ns.Evaluator.EvaluateToString(ns.Resource["sku"]!["name"]));

        var queues = resources.OfType(InfraDeployments.QueuesType).ToList();
        Assert.NotEmpty(queues);
        Assert.All(queues, q =>
        {
            var properties = q.Resource["properties"]!;
            Assert.True(properties["deadLetteringOnMessageExpiration"]!.GetValue<bool>(), $"{q.Name}: expired messages must be dead-lettered.");
            Assert.Equal(arguments["maxDeliveryCount"]!.GetValue<int>(), q.Evaluator.Evaluate(properties["maxDeliveryCount"])!.GetValue<int>());
            Assert.StartsWith(ns.Name + "/", q.Name, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Monitoring_ApplicationInsights_IsWorkspaceBasedAndAcceptsOnlyEntraIdTelemetry()
    {
        var resources = Deployed();
        var component = Assert.Single(resources.OfType("Microsoft.Insights/components")).Resource["properties"]!;
        Assert.True(component["DisableLocalAuth"]!.GetValue<bool>());
        Assert.NotNull(component["WorkspaceResourceId"]);
        Assert.Single(resources.OfType("Microsoft.OperationalInsights/workspaces"));

        // Telemetry authenticates with the app identity, which holds Monitoring Metrics Publisher.
        foreach (var site in resources.OfType(InfraDeployments.SitesType))
        {
            var raw = site.RawSettings()["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]!.GetValue<string>();
            Assert.Equal("[format('ClientId={0};Authorization=AAD', reference('identity').clientId)]", raw);
        }
    }

    [Fact]
    public void Main_OutputsAndParameters_NameAppsHostsNamespaceAndStorageAndAreDescribed()
    {
        var outputs = infra.Main["outputs"]!.AsObject();
        foreach (var name in new[] { "orchestratorAppName", "orchestratorHostName", "regionalAppNames", "regionalHostNames", "serviceBusNamespaceName", "storageAccountName", "resourceGroupName" })
        {
            Assert.True(outputs.ContainsKey(name), $"main.bicep has no output '{name}'.");
        }

        Assert.All(outputs, o => Assert.False(
            string.IsNullOrWhiteSpace(o.Value?["metadata"]?["description"]?.GetValue<string>()),
            $"Output '{o.Key}' has no @description."));
        Assert.All(infra.Main["parameters"]!.AsObject(), p => Assert.False(
            string.IsNullOrWhiteSpace(p.Value?["metadata"]?["description"]?.GetValue<string>()),
            $"Parameter '{p.Key}' has no @description."));
    }

    private static List<string> Leaves(IReadOnlyList<ExpandedResource> resources, string type) =>
        resources.OfType(type).Select(r => InfraDeployments.Leaf(r.Name)).ToList();
}
