using System.Text.Json;

namespace Serverless.Local.Tests;

/// <summary>`serverless run` through the embedded engine (the default): same answers as `--direct`, plus placement, timing and cost.</summary>
public sealed class RunEngineTests
{
    /// <summary>Every sample, with arguments that succeed.</summary>
    public static TheoryData<string, string> Samples => new()
    {
        { "Serverless.Samples.DocumentPipeline.Summarize", """{"title":"Notes","text":"Durable functions split work. Split work runs in regions; regions cost money. Money matters.","keywordCount":3}""" },
        { "Serverless.Samples.LoanSchedule.Amortize", """{"principal":25000,"annualRatePercent":4.5,"months":24}""" },
        { "Serverless.Samples.OrderValidation.Validate", """{"order":{"lines":[{"sku":"a","quantity":2,"unitPrice":5.5},{"sku":"b","quantity":1,"unitPrice":3}],"coupon":null},"stockOnHand":10}""" },
        { "Serverless.Samples.RiskAnalysis.Assess", """{"returns":[0.01,-0.02,0.015,0.003,-0.007,0.02],"confidence":0.95,"simulations":200}""" },
        { "Serverless.Samples.SalesReport.Build", """{"sales":[{"customer":"ann","product":"tea","region":"north","month":1,"quantity":3,"unitPrice":2.5},{"customer":"bob","product":"cake","region":"south","month":2,"quantity":1,"unitPrice":9},{"customer":"ann","product":"cake","region":"north","month":3,"quantity":2,"unitPrice":9}],"top":2}""" },
        { "Serverless.Samples.ImagePipeline.Process", """{"width":24,"height":16,"seed":7,"threshold":128}""" },
        { "Serverless.Samples.InventorySync.SyncAsync", """{"warehouses":["oslo","lyon","porto"],"sku":"sku-1"}""" },
        { "Serverless.Samples.EnergyReport.Compare", """{"day":3,"meters":20}""" },
    };

    internal static async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await Cli.RunAsync(["run", .. args], stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task RunEngine_EverySample_SameResultAsDirect(string function, string args)
    {
        var direct = await RunAsync(function, "--args", args, "--direct");
        var engine = await RunAsync(function, "--args", args);

        Assert.True(direct.Exit == 0, direct.Out + direct.Err);
        Assert.True(engine.Exit == 0, engine.Out + engine.Err);
        using var d = JsonDocument.Parse(direct.Out);
        using var e = JsonDocument.Parse(engine.Out);
        Assert.Equal("split", e.RootElement.GetProperty("mode").GetString());
        Assert.True(JsonElement.DeepEquals(d.RootElement.GetProperty("result"), e.RootElement.GetProperty("result")), $"direct {d.RootElement.GetProperty("result")} vs engine {e.RootElement.GetProperty("result")}");
        AssertReport(e.RootElement);
    }

    [Theory]
    [InlineData("every")]
    [InlineData("one")]
    public async Task RunEngine_LoanUnitsMode_SameResultAsDirect(string units)
    {
        const string function = "Serverless.Samples.LoanSchedule.Amortize";
        const string args = """{"principal":12000,"annualRatePercent":3.1,"months":12}""";
        var direct = await RunAsync(function, "--args", args, "--direct");
        var engine = await RunAsync(function, "--args", args, "--units", units);

        Assert.True(engine.Exit == 0, engine.Out + engine.Err);
        using var d = JsonDocument.Parse(direct.Out);
        using var e = JsonDocument.Parse(engine.Out);
        Assert.True(JsonElement.DeepEquals(d.RootElement.GetProperty("result"), e.RootElement.GetProperty("result")));
        AssertReport(e.RootElement);
        var count = e.RootElement.GetProperty("units").GetArrayLength();
        Assert.True(units == "one" ? count == 1 : count > 1);
    }

    [Fact]
    public async Task RunEngine_UnitsEveryDefaultRegions_UnitsRunInSeveralRegions()
    {
        var (exit, output, error) = await RunAsync("Serverless.Samples.DocumentPipeline.Summarize", "--args", """{"title":"T","text":"one two two three three three","keywordCount":2}""", "--units", "every");

        Assert.True(exit == 0, output + error);
        using var e = JsonDocument.Parse(output);
        AssertReport(e.RootElement);
        var regions = e.RootElement.GetProperty("units").EnumerateArray().Where(u => u.GetProperty("attempts").GetInt32() > 0).Select(u => u.GetProperty("region").GetString()).Distinct().ToList();
        Assert.True(regions.Count > 1, $"units ran only in {string.Join(", ", regions)}");
        Assert.All(regions, r => Assert.Contains(r, new[] { "westeurope", "northeurope", "eastus" }));
    }

    [Theory]
    [InlineData("every")]
    [InlineData("plan")]
    public async Task RunEngine_CustomRegionsFile_UnitsUseItsRegionsAndCostAddsUp(string units)
    {
        // Two regions where the non-origin one is far faster and cheaper: the plan must use it; `every` alternates.
        const string regions = """
            {"origin":"home",
             "regions":[
               {"name":"home","pricePerGbSecond":0.001,"pricePerInvocation":0.00001,"speed":0.2,"maxMemoryMb":4096,"availableInstances":4,"dispatchLatencyMs":5},
               {"name":"away","pricePerGbSecond":0.0000001,"pricePerInvocation":0.0000001,"speed":10,"maxMemoryMb":8192,"availableInstances":4,"dispatchLatencyMs":5}],
             "network":{"latencyMs":{"home":{"away":1}},"egressPricePerGb":{"home":{"away":0.01}},"bandwidthMbps":10000}}
            """;
        var path = Path.Combine(Path.GetTempPath(), $"regions-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, regions);
        try
        {
            const string function = "Serverless.Samples.LoanSchedule.Amortize";
            const string args = """{"principal":5000,"annualRatePercent":7,"months":36}""";
            var direct = await RunAsync(function, "--args", args, "--direct");
            var (exit, output, error) = await RunAsync(function, "--args", args, "--units", units, "--regions", path);

            Assert.True(exit == 0, output + error);
            using var d = JsonDocument.Parse(direct.Out);
            using var e = JsonDocument.Parse(output);
            Assert.True(JsonElement.DeepEquals(d.RootElement.GetProperty("result"), e.RootElement.GetProperty("result")));
            AssertReport(e.RootElement);
            var used = e.RootElement.GetProperty("units").EnumerateArray().Select(u => u.GetProperty("region").GetString()).Distinct().ToList();
            Assert.All(used, r => Assert.Contains(r, new[] { "home", "away" }));
            Assert.Contains("away", used);
            if (units == "every")
            {
                Assert.Contains("home", used);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task RunEngine_FunctionThrows_Exit3WithTheSameTypeAsDirect()
    {
        const string function = "Serverless.Samples.OrderValidation.Validate";
        const string args = """{"order":{"lines":[{"sku":"a","quantity":1,"unitPrice":5}],"coupon":"BOGUS"},"stockOnHand":5}""";
        var direct = await RunAsync(function, "--args", args, "--direct");
        foreach (var units in new[] { "every", "plan" })
        {
            var engine = await RunAsync(function, "--args", args, "--units", units);
            Assert.Equal(3, direct.Exit);
            Assert.Equal(3, engine.Exit);
            using var d = JsonDocument.Parse(direct.Out);
            using var e = JsonDocument.Parse(engine.Out);
            Assert.Equal(d.RootElement.GetProperty("error").GetProperty("type").GetString(), e.RootElement.GetProperty("error").GetProperty("type").GetString());
            Assert.Equal(d.RootElement.GetProperty("error").GetProperty("message").GetString(), e.RootElement.GetProperty("error").GetProperty("message").GetString());
            Assert.False(e.RootElement.TryGetProperty("result", out _));
        }
    }

    [Theory]
    [InlineData("""{"origin":"a","regions":[{"name":"a","pricePerGbSecond":0.1,"pricePerInvocation":0,"speed":0,"maxMemoryMb":512,"availableInstances":1,"dispatchLatencyMs":1}],"network":{"latencyMs":{},"egressPricePerGb":{},"bandwidthMbps":100}}""", "regions[0].speed")]
    [InlineData("""{"origin":"a","regions":[],"network":{"latencyMs":{},"egressPricePerGb":{},"bandwidthMbps":100}}""", "regions")]
    [InlineData("""{"origin":"a","regions":[{"name":"a","pricePerGbSecond":0.1,"pricePerInvocation":0,"speed":1,"maxMemoryMb":512,"availableInstances":1,"dispatchLatencyMs":1}],"network":{"latencyMs":{},"egressPricePerGb":{},"bandwidthMbps":0}}""", "network.bandwidthMbps")]
    [InlineData("""{"regions":[{"name":"a","pricePerGbSecond":0.1,"pricePerInvocation":0,"speed":1,"maxMemoryMb":512,"availableInstances":1,"dispatchLatencyMs":1}],"network":{"latencyMs":{},"egressPricePerGb":{},"bandwidthMbps":10}}""", "origin")]
    [InlineData("""{"origin":"a","regions":"many"}""", "regions")]
    [InlineData("not json", "--regions")]
    public async Task RunEngine_InvalidRegionsFile_Exit2NamingTheField(string json, string field)
    {
        var path = Path.Combine(Path.GetTempPath(), $"regions-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, json);
        try
        {
            var (exit, output, error) = await RunAsync("Serverless.Samples.LoanSchedule.Amortize", "--args", """{"principal":100,"annualRatePercent":1,"months":2}""", "--regions", path);
            Assert.Equal(2, exit);
            Assert.Empty(output);
            Assert.Contains(field, error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task RunEngine_RegionsFileMissing_Exit2() =>
        Assert.Equal(2, (await RunAsync("Serverless.Samples.LoanSchedule.Amortize", "--regions", "/nonexistent/regions.json")).Exit);

    [Theory]
    [InlineData("--local", "--regions", "x.json")]
    [InlineData("--direct", "--storage", "azurite")]
    [InlineData("--direct", "--local")]
    public async Task RunEngine_EngineOptionsWithReferencePaths_Exit2(params string[] args) =>
        Assert.Equal(2, (await RunAsync(["Serverless.Samples.LoanSchedule.Amortize", .. args])).Exit);

    /// <summary>Each unit says where, on which instance, in how many attempts and when it ran; the cost adds up.</summary>
    internal static void AssertReport(JsonElement root)
    {
        var segments = new List<int>();
        var replans = root.GetProperty("replans").EnumerateArray().ToList();

        // run's market is the plan's regions, which always takes a unit where it was planned: nothing moves.
        Assert.Empty(replans);
        foreach (var unit in root.GetProperty("units").EnumerateArray())
        {
            segments.AddRange(unit.GetProperty("segments").EnumerateArray().Select(s => s.GetInt32()));
            Assert.False(string.IsNullOrEmpty(unit.GetProperty("region").GetString()));
            var attempts = unit.GetProperty("attempts").GetInt32();

            // The plan decides the region: a unit runs where it was planned unless a replan names it.
            var moved = replans.LastOrDefault(r => r.GetProperty("unitId").GetInt32() == unit.GetProperty("id").GetInt32());
            Assert.Equal(
                moved.ValueKind == JsonValueKind.Undefined ? unit.GetProperty("plannedRegion").GetString() : moved.GetProperty("toRegion").GetString(),
                unit.GetProperty("region").GetString());
            if (attempts == 0)
            {
                continue; // skipped after an earlier unit returned
            }

            Assert.False(string.IsNullOrEmpty(unit.GetProperty("instance").GetString()));
            var start = unit.GetProperty("startMs").GetDouble();
            var end = unit.GetProperty("endMs").GetDouble();
            Assert.True(start >= 0 && end >= start, $"unit times {start}..{end}");
        }

        Assert.Equal(Enumerable.Range(0, segments.Count), segments.Order());
        var cost = root.GetProperty("cost");
        var compute = cost.GetProperty("compute").GetDouble();
        var transfer = cost.GetProperty("transfer").GetDouble();
        var total = cost.GetProperty("total").GetDouble();
        Assert.True(compute > 0, "every run unit pays at least its invocation");
        Assert.True(transfer >= 0);
        Assert.Equal(compute + transfer, total, 12);

        // The prediction beside what ran, scored alike.
        var planned = root.GetProperty("planned");
        var measured = root.GetProperty("measured");
        Assert.True(planned.GetProperty("makespanMs").GetDouble() > 0 && planned.GetProperty("cost").GetDouble() > 0, planned.ToString());
        Assert.True(planned.GetProperty("objective").GetDouble() >= planned.GetProperty("cost").GetDouble(), planned.ToString());
        Assert.Equal(total, measured.GetProperty("cost").GetDouble(), 12);
        var lastEnd = root.GetProperty("units").EnumerateArray().Where(u => u.GetProperty("attempts").GetInt32() > 0).Max(u => u.GetProperty("endMs").GetDouble());
        Assert.Equal(lastEnd, measured.GetProperty("makespanMs").GetDouble(), 2);
        Assert.True(measured.GetProperty("objective").GetDouble() >= total, measured.ToString());
    }
}
