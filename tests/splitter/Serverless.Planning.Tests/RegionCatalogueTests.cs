using Serverless.Contracts.Plans;

namespace Serverless.Planning.Tests;

public class RegionCatalogueTests
{
    [Fact]
    public void Parse_TheBuiltInRegionsFile_IsValidAndEqualsTheDefault()
    {
        var (environment, problems) = RegionCatalogue.Parse(PlanEnvironmentJson.DefaultRegionsJson());

        Assert.Empty(problems);
        Assert.NotNull(environment);
        Assert.Equal(PlanEnvironment.Default.Origin, environment.Origin);
        Assert.Equal(PlanEnvironment.Default.Regions, environment.Regions);
        Assert.Equal(PlanEnvironment.Default.Network.LatencyMs, environment.Network.LatencyMs);
        Assert.Equal(PlanEnvironment.Default.Network.EgressPricePerGb, environment.Network.EgressPricePerGb);
    }

    [Fact]
    public void Parse_RegionsFileWithASourceBlock_KeepsTheFiguresAndSkipsTheBlock()
    {
        const string json = """
            {"origin":"a","regions":[{"name":"a","pricePerGbSecond":0.000026,"pricePerInvocation":0,"speed":1,"maxMemoryMb":2048,"availableInstances":2,"dispatchLatencyMs":5}],
             "network":{"latencyMs":{},"egressPricePerGb":{},"bandwidthMbps":100},
             "source":{"statement":"from a page","figures":[{"covers":["regions.a.speed"],"value":1,"source":"https://example.org","taken":"2026-01-01","public":true}]}}
            """;
        var (environment, problems) = RegionCatalogue.Parse(json);

        Assert.Empty(problems);
        Assert.Equal(0.000026, Assert.Single(environment!.Regions).PricePerGbSecond);
    }

    [Fact]
    public void Parse_BadFigureBesideASourceBlock_StillNamesTheMember()
    {
        const string json = """
            {"origin":"a","regions":[{"name":"a","pricePerGbSecond":-1,"pricePerInvocation":0,"speed":1,"maxMemoryMb":2048,"availableInstances":2,"dispatchLatencyMs":5}],
             "network":{"latencyMs":{},"egressPricePerGb":{},"bandwidthMbps":100},"source":{}}
            """;
        var (environment, problems) = RegionCatalogue.Parse(json);

        Assert.Null(environment);
        Assert.Contains(problems, p => p.Contains("pricePerGbSecond", StringComparison.Ordinal));
    }
}
