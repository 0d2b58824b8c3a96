using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CsCheck;

namespace Serverless.Infra.Tests;

/// <summary>
/// For any valid environment name, region list and resource group layout, every name main.json would create
/// satisfies Azure's naming rules and is unique where Azure requires it.
/// </summary>
[Collection(InfraCollection.Name)]
public sealed partial class NamingPropertyTests(CompiledInfra infra)
{
    private static readonly Gen<string> _environmentName =
        Gen.Select(
            Gen.Char['a', 'z'],
            Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789"], 0, 8],
            Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789"], 1, 10],
            Gen.Bool)
        .Select((first, a, b, hyphen) => hyphen ? $"{first}{a}-{b}" : $"{first}{a}{b}")
        .Where(n => n.Length is >= 2 and <= 20);

    private static readonly Gen<string> _region =
        Gen.Select(Gen.Char['a', 'z'], Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789"], 0, 39])
            .Select((first, rest) => first + rest);

    private static readonly Gen<List<string>> _regions =
        _region.HashSet[1, 6].Select(set => set.Order(StringComparer.Ordinal).ToList());

    [Fact]
    public void Main_AnyEnvironmentRegionsAndLayout_NamesAreValidAndUnique()
    {
        Gen.Select(_environmentName, _regions, Gen.Bool).Sample(
            (environment, regions, perRegion) =>
            {
                var arguments = new Dictionary<string, JsonNode?>
                {
                    ["environmentName"] = environment,
                    ["location"] = regions[0],
                    ["regions"] = new JsonArray(regions.Select(r => (JsonNode?)JsonValue.Create(r)).ToArray()),
                    ["resourceGroupLayout"] = perRegion ? "perRegion" : "single",
                };
                var resources = InfraDeployments.ExpandMain(infra.Main, arguments);
                var problems = NamingProblems(resources).ToList();
                Assert.True(problems.Count == 0, $"env '{environment}', regions [{string.Join(',', regions)}], perRegion {perRegion}:\n" + string.Join('\n', problems));

                var sites = resources.OfType(InfraDeployments.SitesType).ToList();
                Assert.Equal(regions.Count + 1, sites.Count);
                var hubs = sites.Select(s => s.Setting("Serverless__TaskHub")).ToList();
                Assert.Equal(hubs.Count, hubs.Distinct(StringComparer.OrdinalIgnoreCase).Count());
                Assert.All(hubs, h => Assert.Matches(TaskHubName(), h));
            },
            iter: 60);
    }

    [Fact]
    public void NamingProblems_DuplicateAndOverlongNames_AreReported()
    {
        // Control for the property above: the rules do fire.
        var evaluator = new ArmEvaluator(new JsonObject(), new Dictionary<string, JsonNode?>(), "rg");
        ExpandedResource Site(string name, string rg) => new("x", InfraDeployments.SitesType, name, rg, new JsonObject(), evaluator);

        Assert.NotEmpty(NamingProblems([Site("func-a", "rg1"), Site("func-a", "rg2")]));
        Assert.NotEmpty(NamingProblems([Site(new string('a', 61), "rg1")]));
        Assert.NotEmpty(NamingProblems([new("x", "Microsoft.Storage/storageAccounts", "st-with-hyphen", "rg", new JsonObject(), evaluator)]));
        Assert.Empty(NamingProblems([Site("func-a", "rg1"), Site("func-b", "rg1")]));
    }

    private static IEnumerable<string> NamingProblems(IReadOnlyList<ExpandedResource> resources)
    {
        foreach (var rule in _rules)
        {
            var matching = resources.OfType(rule.Type).ToList();
            foreach (var r in matching)
            {
                var name = InfraDeployments.Leaf(r.Name);
                if (!rule.Pattern.IsMatch(name))
                {
                    yield return $"{r.Type} '{name}' at {r.Path} breaks {rule.Pattern}";
                }
            }

            var groups = rule.UniqueWithinResourceGroup
                ? matching.GroupBy(r => (r.ResourceGroup.ToUpperInvariant(), r.Name.ToUpperInvariant()))
                : matching.GroupBy(r => (string.Empty, r.Name.ToUpperInvariant()));
            foreach (var duplicate in groups.Where(g => g.Count() > 1))
            {
                yield return $"{rule.Type} '{duplicate.First().Name}' is declared {duplicate.Count()} times: {string.Join(", ", duplicate.Select(d => d.Path))}";
            }
        }
    }

    private sealed record NamingRule(string Type, Regex Pattern, bool UniqueWithinResourceGroup);

    private static readonly NamingRule[] _rules =
    [
        new(InfraDeployments.SitesType, new(@"^[a-z0-9][a-z0-9-]{0,58}[a-z0-9]$"), false),
        new("Microsoft.Web/serverfarms", new(@"^[a-zA-Z0-9][a-zA-Z0-9-]{0,58}[a-zA-Z0-9]$"), true),
        new("Microsoft.Storage/storageAccounts", new(@"^[a-z0-9]{3,24}$"), false),
        new("Microsoft.Storage/storageAccounts/blobServices/containers", new(@"^(?!.*--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$"), true),
        new("Microsoft.Storage/storageAccounts/tableServices/tables", new(@"^[A-Za-z][A-Za-z0-9]{2,62}$"), true),
        new("Microsoft.Storage/storageAccounts/queueServices/queues", new(@"^(?!.*--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$"), true),
        new("Microsoft.ServiceBus/namespaces", new(@"^[a-zA-Z][a-zA-Z0-9-]{4,48}[a-zA-Z0-9]$"), false),
        new(InfraDeployments.QueuesType, new(@"^[a-zA-Z0-9][a-zA-Z0-9._-]{0,259}$"), true),
        new(InfraDeployments.IdentitiesType, new(@"^[a-zA-Z0-9][a-zA-Z0-9_-]{2,127}$"), true),
        new("Microsoft.Insights/components", new(@"^[^%&\\?/]{1,260}$"), true),
        new("Microsoft.OperationalInsights/workspaces", new(@"^[A-Za-z0-9][A-Za-z0-9-]{2,61}[A-Za-z0-9]$"), true),
        new("Microsoft.Resources/resourceGroups", new(@"^[-\w._()]{1,90}$"), false),
        new(TemplateNode.DeploymentsType, new(@"^[-\w._()]{1,64}$"), true),
        new(InfraDeployments.RoleAssignmentsType, new(@"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"), false),
    ];

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,44}$", RegexOptions.CultureInvariant)]
    private static partial Regex TaskHubName();
}
