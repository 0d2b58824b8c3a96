using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Serverless.Infra.Tests;

[Collection(InfraCollection.Name)]
public sealed partial class RegionalAppTests(CompiledInfra infra)
{
    [Fact]
    public void Main_RegionalModule_IsOneCopyLoopOverRegionsDeployingRegionalApp()
    {
        var loops = TemplateNode.Resources(infra.Main)
            .Where(r => TemplateNode.Type(r.Resource) == TemplateNode.DeploymentsType
                && JsonNode.DeepEquals(r.Resource["properties"]?["template"], infra.RegionalApp))
            .ToList();

        var (name, module) = Assert.Single(loops);
        Assert.Equal("[length(parameters('regions'))]", module["copy"]?["count"]?.GetValue<string>());
        Assert.Null(module["condition"]);
        Assert.Equal("[parameters('regions')[copyIndex()]]", module["properties"]?["parameters"]?["region"]?["value"]?.GetValue<string>());
        Assert.Equal("regional", name);
    }

    [Fact]
    public void Main_WithParametersFile_OneRegionalAppAndWorkQueuePerRegion()
    {
        var arguments = InfraDeployments.ParametersFile();
        var regions = arguments["regions"]!.AsArray().Select(r => r!.GetValue<string>()).ToList();

        var resources = InfraDeployments.ExpandMain(infra.Main, arguments);
        var sites = resources.OfType(InfraDeployments.SitesType).ToList();
        var regional = sites.Where(s => s.Setting("Serverless__Role") == "regional").ToList();
        var orchestrator = Assert.Single(sites, s => s.Setting("Serverless__Role") == "orchestrator");

        Assert.Equal(regions.Count + 1, sites.Count);
        Assert.Equal(regions, regional.Select(s => s.Setting("Serverless__Region")));
        Assert.Equal(arguments["location"]!.GetValue<string>(), orchestrator.Setting("Serverless__Region"));
        Assert.All(sites, s => Assert.Equal(string.Join(',', regions), s.Setting("Serverless__Regions")));

        var queues = resources.OfType(InfraDeployments.QueuesType).Select(q => InfraDeployments.Leaf(q.Name)).Order(StringComparer.Ordinal);
        var expected = regions.Select(r => $"work-{r}").Append("completions").Order(StringComparer.Ordinal);
        Assert.Equal(expected, queues);
    }

    [Fact]
    public void RegionalTemplate_AsTheProvisionerDeploysIt_CreatesOneAppItsQueueAndItsRoles()
    {
        var arguments = new Dictionary<string, JsonNode?>
        {
            ["region"] = "southeastasia",
            ["environmentName"] = "splitter",
            ["storageAccountName"] = "stsplitterabcdefghijklm",
            ["serviceBusNamespaceName"] = "sb-splitter-abcdefghijklm",
            ["applicationInsightsName"] = "appi-splitter-abcdefghijklm",
        };

        var resources = InfraDeployments.ExpandRegional(infra.RegionalApp, arguments, "rg-splitter");

        var site = Assert.Single(resources.OfType(InfraDeployments.SitesType));
        Assert.Equal("regional", site.Setting("Serverless__Role"));
        Assert.Equal("southeastasia", site.Setting("Serverless__Region"));
        Assert.Equal("rg-splitter", site.Setting("Serverless__ResourceGroup"));
        // publish.sh finds the apps of an environment by these tags, including apps the provisioner added.
        var tags = site.Evaluator.Evaluate(site.Resource["tags"])!.AsObject();
        Assert.Equal("splitter", tags["azd-env-name"]!.GetValue<string>());
        Assert.Equal("regional", tags["serverless-role"]!.GetValue<string>());
        var queue = Assert.Single(resources.OfType(InfraDeployments.QueuesType));
        Assert.Equal("sb-splitter-abcdefghijklm/work-southeastasia", queue.Name);
        Assert.Single(resources.OfType(InfraDeployments.IdentitiesType));
        Assert.Equal(6, resources.OfType(InfraDeployments.RoleAssignmentsType).Count());
    }

    [Fact]
    public void RegionalTemplate_RequiredParameters_AreWhatTheProvisionerKnows()
    {
        var required = infra.RegionalApp["parameters"]!.AsObject()
            .Where(p => !p.Value!.AsObject().ContainsKey("defaultValue"))
            .Select(p => p.Key)
            .Order(StringComparer.Ordinal);

        Assert.Equal(
            ["applicationInsightsName", "environmentName", "region", "serviceBusNamespaceName", "storageAccountName"],
            required);
        Assert.Equal("securestring", infra.RegionalApp["parameters"]!["packageUri"]!["type"]!.GetValue<string>(), ignoreCase: true);
    }

    [Fact]
    public void ParametersFile_EveryValue_IsDeclaredAndWithinItsDecorators()
    {
        var declared = infra.Main["parameters"]!.AsObject();
        var arguments = InfraDeployments.ParametersFile();

        foreach (var (name, definition) in declared)
        {
            if (!definition!.AsObject().ContainsKey("defaultValue"))
            {
                Assert.True(arguments.ContainsKey(name), $"main.parameters.json lacks the required parameter '{name}'.");
            }
        }

        foreach (var (name, value) in arguments)
        {
            Assert.True(declared.ContainsKey(name), $"main.parameters.json sets '{name}', which main.bicep does not declare.");
            Assert.Empty(DecoratorViolations(name, declared[name]!.AsObject(), value));
        }

        var regions = arguments["regions"]!.AsArray().Select(r => r!.GetValue<string>()).ToList();
        Assert.Equal(regions.Count, regions.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(regions, r => Assert.Matches(RegionName(), r));
    }

    [Fact]
    public void DecoratorViolations_ValuesOutsideTheDecorators_AreReported()
    {
        // Control for the test above: the checker rejects what the decorators reject.
        var declared = infra.Main["parameters"]!.AsObject();

        Assert.NotEmpty(DecoratorViolations("regions", declared["regions"]!.AsObject(), new JsonArray()));
        Assert.NotEmpty(DecoratorViolations("environmentName", declared["environmentName"]!.AsObject(), "x"));
        Assert.NotEmpty(DecoratorViolations("instanceMemoryMB", declared["instanceMemoryMB"]!.AsObject(), 1024));
        Assert.NotEmpty(DecoratorViolations("maxDeliveryCount", declared["maxDeliveryCount"]!.AsObject(), 0));
        Assert.Empty(DecoratorViolations("instanceMemoryMB", declared["instanceMemoryMB"]!.AsObject(), 4096));
    }

    private static List<string> DecoratorViolations(string name, JsonObject definition, JsonNode? value)
    {
        var problems = new List<string>();
        if (definition["allowedValues"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, value)))
        {
            problems.Add($"{name}: {value?.ToJsonString()} is not one of {allowed.ToJsonString()}");
        }

        var length = value switch
        {
            JsonArray a => a.Count,
            JsonValue v when v.TryGetValue<string>(out var s) => s.Length,
            _ => (int?)null,
        };
        if (length is not null && definition["minLength"]?.GetValue<int>() is int min && length < min)
        {
            problems.Add($"{name}: length {length} is below {min}");
        }

        if (length is not null && definition["maxLength"]?.GetValue<int>() is int max && length > max)
        {
            problems.Add($"{name}: length {length} is above {max}");
        }

        if (value is JsonValue n && n.TryGetValue<int>(out var number))
        {
            if (definition["minValue"]?.GetValue<int>() is int minValue && number < minValue)
            {
                problems.Add($"{name}: {number} is below {minValue}");
            }

            if (definition["maxValue"]?.GetValue<int>() is int maxValue && number > maxValue)
            {
                problems.Add($"{name}: {number} is above {maxValue}");
            }
        }

        return problems;
    }

    [GeneratedRegex("^[a-z0-9-]{1,40}$", RegexOptions.CultureInvariant)]
    private static partial Regex RegionName();
}
