using System.Text.Json;
using System.Text.Json.Nodes;

namespace Serverless.Local.Tests;

public sealed class PlanCommandTests : IDisposable
{
    // The issue's example request, with a three-segment graph as `serverless analyze` prints it.
    internal const string ExampleRequest = """
        {"graph": {"function":"Demo.Images.Process","parameters":[{"name":"image","type":"byte[]"}],"returnType":"int",
                   "annotations":{"geoPreference":null,"resourceConstraint":null},
                   "segments":[{"id":0,"startLine":10,"endLine":10,"reads":["image"],"writes":["thumb"],"work":400},
                               {"id":1,"startLine":11,"endLine":11,"reads":["thumb"],"writes":["tags"],"work":3000},
                               {"id":2,"startLine":12,"endLine":12,"reads":["tags"],"writes":[],"work":5}],
                   "edges":[{"from":0,"to":1,"kind":"data","variables":["thumb"]},{"from":1,"to":2,"kind":"data","variables":["tags"]}],
                   "diagnostics":[]},
         "variableBytes":{"image":2000000}, "defaultVariableBytes":1024, "returnBytes":1024,
         "memoryMb":1024, "timeoutSeconds":60,
         "geoPreference":{"regions":["westeurope"],"strict":false}, "preferencePenalty":0.0001,
         "origin":"westeurope",
         "regions":[{"name":"westeurope","pricePerGbSecond":0.000016,"pricePerInvocation":0.0000004,
                     "speed":1.0,"maxMemoryMb":4096,"availableInstances":10,"dispatchLatencyMs":40},
                    {"name":"northeurope","pricePerGbSecond":0.000012,"pricePerInvocation":0.0000004,
                     "speed":1.0,"maxMemoryMb":4096,"availableInstances":10,"dispatchLatencyMs":40}],
         "network":{"latencyMs":{"westeurope":{"northeurope":20}},"egressPricePerGb":{"westeurope":{"northeurope":0.02}},"bandwidthMbps":1000},
         "objective":{"latencyWeight":0.001,"deadlineMs":null}}
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("plan-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Plan_IssueExampleRequest_PrintsAPlanWithEveryField()
    {
        var (code, stdout, stderr) = await Run("plan", Write(ExampleRequest));

        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        var plan = JsonNode.Parse(stdout)!;
        Assert.Equal("chain-dp", plan["algorithm"]!.GetValue<string>());
        var units = plan["units"]!.AsArray();
        Assert.Equal([0, 1, 2], units.SelectMany(u => u!["segments"]!.AsArray().Select(s => s!.GetValue<int>())).Order());
        Assert.All(units, u => Assert.Contains(u!["region"]!.GetValue<string>(), new[] { "westeurope", "northeurope" }));
        var cost = plan["cost"]!;
        Assert.Equal(cost["compute"]!.GetValue<double>() + cost["transfer"]!.GetValue<double>(), cost["total"]!.GetValue<double>(), 1e-15);
        Assert.True(plan["makespanMs"]!.GetValue<double>() > 3000);
        Assert.True(plan["objective"]!.GetValue<double>() >= cost["total"]!.GetValue<double>());
    }

    [Fact]
    public async Task Plan_ExplicitAlgorithm_IsUsedAndNamed()
    {
        var (code, stdout, _) = await Run("plan", Write(ExampleRequest), "--algorithm", "heuristic");
        Assert.Equal(0, code);
        Assert.Equal("heuristic", JsonNode.Parse(stdout)!["algorithm"]!.GetValue<string>());
    }

    [Fact]
    public async Task Plan_InvalidField_Exit2NamingTheField()
    {
        var json = JsonNode.Parse(ExampleRequest)!;
        json["regions"]![1]!["speed"] = 0;
        var (code, stdout, stderr) = await Run("plan", Write(json.ToJsonString()));

        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains("regions[1].speed", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_MissingRequiredMember_Exit2NamingIt()
    {
        var json = JsonNode.Parse(ExampleRequest)!;
        json["regions"]![0]!.AsObject().Remove("dispatchLatencyMs");
        var (code, _, stderr) = await Run("plan", Write(json.ToJsonString()));

        Assert.Equal(2, code);
        Assert.Contains("dispatchLatencyMs", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_MalformedJson_Exit2WithPosition()
    {
        var (code, _, stderr) = await Run("plan", Write("{\"graph\": {"));
        Assert.Equal(2, code);
        Assert.Contains("invalid request", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_UnsatisfiableDeadline_Exit2NamingTheConstraint()
    {
        var json = JsonNode.Parse(ExampleRequest)!;
        json["objective"]!["deadlineMs"] = 10;
        var (code, _, stderr) = await Run("plan", Write(json.ToJsonString()));

        Assert.Equal(2, code);
        Assert.Contains("objective.deadlineMs", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_MissingFileOrArguments_Exit2WithUsage()
    {
        var (code, _, stderr) = await Run("plan", Path.Combine(_dir, "nope.json"));
        Assert.Equal(2, code);
        Assert.Contains("cannot read", stderr, StringComparison.Ordinal);

        (code, _, stderr) = await Run("plan");
        Assert.Equal(2, code);
        Assert.Contains("usage: serverless plan", stderr, StringComparison.Ordinal);

        (code, _, stderr) = await Run("plan", Write(ExampleRequest), "--algorithm", "magic");
        Assert.Equal(2, code);
        Assert.Contains("unknown algorithm 'magic'", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_GraphOnly_UsesTheDefaultRegions()
    {
        var json = JsonNode.Parse(ExampleRequest)!.AsObject();
        foreach (var name in new[] { "origin", "regions", "network", "geoPreference" })
        {
            json.Remove(name);
        }

        var (code, stdout, stderr) = await Run("plan", Write(json.ToJsonString()));
        Assert.True(code == 0, stderr);
        var regions = JsonNode.Parse(stdout)!["units"]!.AsArray().Select(u => u!["region"]!.GetValue<string>());
        Assert.All(regions, r => Assert.Contains(r, new[] { "westeurope", "northeurope", "eastus" }));
    }

    private string Write(string json)
    {
        var path = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, json);
        return path;
    }

    private static async Task<(int Code, string Stdout, string Stderr)> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await Cli.RunAsync(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
