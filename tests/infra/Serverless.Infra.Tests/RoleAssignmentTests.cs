using System.Text.Json.Nodes;

namespace Serverless.Infra.Tests;

[Collection(InfraCollection.Name)]
public sealed class RoleAssignmentTests(CompiledInfra infra)
{
    private const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string ServiceBusDataSender = "69a216fc-b8fb-44d8-bc22-1f3c2cd27a39";
    private const string ServiceBusDataReceiver = "4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0";
    private const string ServiceBusDataOwner = "090c5cfd-751d-490a-894a-3ce6f1109419";
    private const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";
    private const string Contributor = "b24988ac-6180-42a0-ab88-20f7382dd24c";
    private const string RoleBasedAccessControlAdministrator = "f58310d9-a9f6-439a-9e8d-f62e7b41a168";
    private const string Owner = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
    private const string UserAccessAdministrator = "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9";

    private static readonly string[] _dataRoles =
    [
        StorageBlobDataOwner, StorageQueueDataContributor, StorageTableDataContributor,
        ServiceBusDataSender, ServiceBusDataReceiver, MonitoringMetricsPublisher,
    ];

    [Theory]
    [InlineData("single")]
    [InlineData("perRegion")]
    public void Identities_WithParametersFile_EachGetsExactlyTheRolesOfItsApp(string layout)
    {
        var arguments = InfraDeployments.ParametersFile();
        arguments["resourceGroupLayout"] = layout;
        var regions = arguments["regions"]!.AsArray().Select(r => r!.GetValue<string>()).ToList();
        var resources = InfraDeployments.ExpandMain(infra.Main, arguments);
        var grants = Grants(resources);

        const string rg = "rg-splitter";
        var storage = Id(rg, "Microsoft.Storage/storageAccounts", Single(resources, "Microsoft.Storage/storageAccounts"));
        var ns = Single(resources, "Microsoft.ServiceBus/namespaces");
        var namespaceId = Id(rg, "Microsoft.ServiceBus/namespaces", ns);
        var insights = Id(rg, "Microsoft.Insights/components", Single(resources, "Microsoft.Insights/components"));
        string Queue(string name) => Id(rg, InfraDeployments.QueuesType, ns, name);
        static string Group(string name) => $"/subscriptions/{ArmEvaluator.SubscriptionId}/resourceGroups/{name}";
        string[] DataPlane(string receiveFrom, string sendTo, string sendRole = ServiceBusDataSender) =>
        [
            $"{StorageBlobDataOwner} on {storage}", $"{StorageQueueDataContributor} on {storage}", $"{StorageTableDataContributor} on {storage}",
            $"{ServiceBusDataReceiver} on {receiveFrom}", $"{sendRole} on {sendTo}", $"{MonitoringMetricsPublisher} on {insights}",
        ];

        var expected = new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            // The orchestrator sends to every work queue and reads its length (Data Owner at namespace scope, so
            // regions added later work too; the administration client needs Manage rights), receives completions,
            // and deploys regional apps (Contributor + constrained RBAC administrator).
            // The developer who ran `azd up` can read state, peek queues and publish to the deployment container.
            [$"developer {AzdEnvironment.Default["AZURE_PRINCIPAL_ID"]} (User)"] =
            [
                $"{StorageBlobDataOwner} on {storage}", $"{StorageQueueDataContributor} on {storage}", $"{StorageTableDataContributor} on {storage}",
                $"{ServiceBusDataOwner} on {namespaceId}",
            ],
            [$"{rg}/id-splitter-orchestrator"] =
            [
                .. DataPlane(Queue("completions"), namespaceId, ServiceBusDataOwner),
                .. (layout == "perRegion" ? regions.Select(r => Group($"rg-splitter-{r}")).Prepend(Group(rg)) : [Group(rg)])
                    .SelectMany(g => new[] { $"{Contributor} on {g}", $"{RoleBasedAccessControlAdministrator} on {g}" }),
            ],
        };
        foreach (var region in regions)
        {
            var group = layout == "perRegion" ? $"rg-splitter-{region}" : rg;
            expected[$"{group}/id-splitter-{region}"] = DataPlane(Queue($"work-{region}"), Queue("completions"));
        }

        var identities = resources.OfType(InfraDeployments.IdentitiesType).Select(i => $"{i.ResourceGroup}/{i.Name}").Order(StringComparer.Ordinal);
        Assert.Equal(expected.Keys.Where(k => !k.StartsWith("developer ", StringComparison.Ordinal)).Order(StringComparer.Ordinal), identities);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), grants.Keys.Order(StringComparer.Ordinal));
        foreach (var (identity, roles) in expected)
        {
            Assert.Equal(roles.Order(StringComparer.Ordinal), grants[identity].Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void DeveloperRoles_WithoutPrincipalId_AreNotDeployed()
    {
        var environment = AzdEnvironment.Default.Where(e => e.Key != "AZURE_PRINCIPAL_ID").ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        var arguments = InfraDeployments.ParametersFile(environment);
        Assert.Equal("", arguments["principalId"]!.GetValue<string>());

        var grants = Grants(InfraDeployments.ExpandMain(infra.Main, arguments));

        Assert.DoesNotContain(grants.Keys, k => k.StartsWith("developer ", StringComparison.Ordinal));
        Assert.Contains("rg-splitter/id-splitter-orchestrator", grants.Keys);
    }

    [Theory]
    [InlineData("User")]
    [InlineData("ServicePrincipal")]
    public void DeveloperRoles_ForAPipelinePrincipal_CarryItsPrincipalType(string principalType)
    {
        var arguments = InfraDeployments.ParametersFile();
        arguments["principalType"] = principalType;

        var grants = Grants(InfraDeployments.ExpandMain(infra.Main, arguments));

        var developer = Assert.Single(grants.Keys, k => k.StartsWith("developer ", StringComparison.Ordinal));
        Assert.Equal($"developer {AzdEnvironment.Default["AZURE_PRINCIPAL_ID"]} ({principalType})", developer);
        Assert.Equal(4, grants[developer].Count);
    }

    [Fact]
    public void ProvisionerRoles_Condition_AllowsAssigningExactlyTheDataRolesOfRegionalApps()
    {
        var roleModule = infra.Template("modules/role-assignments.bicep");
        var granted = new ArmEvaluator(roleModule, new Dictionary<string, JsonNode?>(), "rg")
            .Evaluate(roleModule["outputs"]!["grantedRoleDefinitionIds"]!["value"])!.AsArray()
            .Select(g => g!.GetValue<string>())
            .ToList();
        Assert.Equal(_dataRoles.Order(StringComparer.Ordinal), granted.Order(StringComparer.Ordinal));

        var provisioner = infra.Template("modules/provisioner-roles.bicep");
        var evaluator = new ArmEvaluator(
            provisioner,
            new Dictionary<string, JsonNode?>
            {
                ["identityName"] = "id-splitter-orchestrator",
                ["identityResourceGroupName"] = "rg-splitter",
                ["assignableRoleDefinitionIds"] = new JsonArray(granted.Select(g => (JsonNode?)JsonValue.Create(g)).ToArray()),
            },
            "rg-splitter");
        var granter = TemplateNode.Resources(provisioner)
            .Select(r => r.Resource)
            .Where(r => TemplateNode.Type(r) == InfraDeployments.RoleAssignmentsType)
            .Single(r => evaluator.EvaluateToString(r["properties"]!["roleDefinitionId"]).EndsWith(RoleBasedAccessControlAdministrator, StringComparison.Ordinal));
        var condition = evaluator.EvaluateToString(granter["properties"]!["condition"]);

        Assert.Equal("2.0", granter["properties"]!["conditionVersion"]!.GetValue<string>());
        Assert.Contains("ActionMatches{'Microsoft.Authorization/roleAssignments/write'}", condition, StringComparison.Ordinal);
        Assert.Contains("ActionMatches{'Microsoft.Authorization/roleAssignments/delete'}", condition, StringComparison.Ordinal);
        var allowedSet = $"GuidEquals {{{string.Join(", ", granted)}}}";
        Assert.Equal(2, condition.Split(allowedSet).Length - 1);
        Assert.DoesNotContain(Owner, condition, StringComparison.Ordinal);
        Assert.DoesNotContain(ServiceBusDataOwner, condition, StringComparison.Ordinal);
        Assert.DoesNotContain(UserAccessAdministrator, condition, StringComparison.Ordinal);
        Assert.DoesNotContain(Contributor, condition, StringComparison.Ordinal);
    }

    [Fact]
    public void RoleAssignments_Everywhere_UseServicePrincipalAndNeverOwnerOrUserAccessAdministrator()
    {
        var assignments = infra.AllDeployedTemplates().SelectMany(n => n.Declared(InfraDeployments.RoleAssignmentsType)).ToList();

        Assert.NotEmpty(assignments);
        Assert.All(assignments, a =>
        {
            // App identities are service principals; only the deploying developer's assignments take the kind of
            // principal from the deployment (a user, or a pipeline's service principal).
            var principalType = a.Resource["properties"]!["principalType"]!.GetValue<string>();
            var developer = a.Resource["properties"]!["principalId"]!.GetValue<string>() == "[parameters('principalId')]";
            Assert.Equal(developer ? "[parameters('principalType')]" : "ServicePrincipal", principalType);
            var text = a.Resource.ToJsonString();
            Assert.DoesNotContain(Owner, text, StringComparison.Ordinal);
            Assert.DoesNotContain(UserAccessAdministrator, text, StringComparison.Ordinal);
        });
    }

    /// <summary>identity (`group/name`) -> `roleGuid on scopeId` for every role assignment the deployment creates.</summary>
    private static Dictionary<string, List<string>> Grants(IReadOnlyList<ExpandedResource> resources)
    {
        var grants = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var assignment in resources.OfType(InfraDeployments.RoleAssignmentsType))
        {
            var at = assignment.Evaluator;
            var properties = assignment.Resource["properties"]!;
            var principal = properties["principalId"]!.GetValue<string>();
            var role = InfraDeployments.Leaf(at.EvaluateToString(properties["roleDefinitionId"]));
            var scope = assignment.Resource["scope"] is JsonNode s
                ? at.EvaluateToString(s)
                : $"/subscriptions/{ArmEvaluator.SubscriptionId}/resourceGroups/{assignment.ResourceGroup}";
            if (principal == "[parameters('principalId')]")
            {
                var developer = $"developer {at.EvaluateToString(properties["principalId"])} ({at.EvaluateToString(properties["principalType"])})";
                grants.TryAdd(developer, []);
                grants[developer].Add($"{role} on {scope}");
                continue;
            }

            Assert.True(principal.StartsWith("[reference('", StringComparison.Ordinal) && principal.EndsWith("').principalId]", StringComparison.Ordinal), $"{assignment.Path}: principalId {principal}");
            var identitySymbol = principal["[reference('".Length..principal.IndexOf("')", StringComparison.Ordinal)];
            var identity = at.Template["resources"]![identitySymbol]!.AsObject();
            Assert.Equal(InfraDeployments.IdentitiesType, TemplateNode.Type(identity));
            var group = identity["resourceGroup"] is JsonNode g ? at.EvaluateToString(g) : at.ResourceGroupName;
            var key = $"{group}/{at.EvaluateToString(identity["name"])}";
            if (!grants.TryGetValue(key, out var list))
            {
                grants[key] = list = [];
            }

            list.Add($"{role} on {scope}");
        }

        return grants;
    }

    private static string Single(IReadOnlyList<ExpandedResource> resources, string type) => Assert.Single(resources.OfType(type)).Name;

    private static string Id(string group, string type, params string[] names) =>
        $"/subscriptions/{ArmEvaluator.SubscriptionId}/resourceGroups/{group}/providers/{type}/{string.Join('/', names)}";
}
