using System.Globalization;
using System.Text.Json;
using Serverless.Contracts.Plans;

namespace Serverless.Contracts.Tests.Plans;

/// <summary>
/// The built-in regions come from the embedded default-regions.json, and every figure in it names the public page
/// (or, for the engine's own assumptions, where the value comes from) and the date it was taken.
/// </summary>
public sealed class DefaultRegionsTests
{
    private static readonly string[] RegionFigures = ["pricePerGbSecond", "pricePerInvocation", "speed", "maxMemoryMb", "availableInstances", "dispatchLatencyMs"];

    [Fact]
    public void DefaultRegionsFile_EveryFigure_HasExactlyOneSourceWithItsValueAndDate()
    {
        using var document = JsonDocument.Parse(PlanEnvironmentJson.DefaultRegionsJson());
        var root = document.RootElement;
        var source = root.GetProperty("source");
        Assert.False(string.IsNullOrWhiteSpace(source.GetProperty("statement").GetString()));

        var covered = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var entry in source.GetProperty("figures").EnumerateArray())
        {
            var what = entry.GetProperty("what").GetString();
            var from = entry.GetProperty("source").GetString();
            Assert.False(string.IsNullOrWhiteSpace(what));
            Assert.False(string.IsNullOrWhiteSpace(from), $"'{what}' names no source");
            Assert.True(
                DateTime.TryParseExact(entry.GetProperty("taken").GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
                $"'{what}' has no date (taken: yyyy-MM-dd)");
            if (entry.GetProperty("public").GetBoolean())
            {
                Assert.True(Uri.TryCreate(from, UriKind.Absolute, out var url) && url.Scheme == Uri.UriSchemeHttps, $"'{what}' is public but its source '{from}' is not an https URL");
            }

            var value = entry.GetProperty("value").GetDouble();
            foreach (var path in entry.GetProperty("covers").EnumerateArray().Select(p => p.GetString()!))
            {
                Assert.True(covered.TryAdd(path, value), $"{path} has two sources");
            }
        }

        var figures = FiguresOf(root);
        Assert.Equal(figures.Keys.Order(StringComparer.Ordinal), covered.Keys.Order(StringComparer.Ordinal));
        foreach (var (path, value) in figures)
        {
            Assert.True(value == covered[path], $"{path} is {value} but its source entry says {covered[path]}");
        }
    }

    [Fact]
    public void Default_EqualsTheDefaultRegionsFile()
    {
        using var document = JsonDocument.Parse(PlanEnvironmentJson.DefaultRegionsJson());
        var root = document.RootElement;
        var d = PlanEnvironment.Default;

        Assert.Equal(root.GetProperty("origin").GetString(), d.Origin);
        Assert.Equal(root.GetProperty("regions").EnumerateArray().Select(r => r.GetProperty("name").GetString()), d.Regions.Select(r => r.Name));
        Assert.Equal(FiguresOf(root), FiguresOf(d));
    }

    [Fact]
    public void Default_NoPublicSpeedFigure_SpeedIsOneEverywhere()
    {
        Assert.All(PlanEnvironment.Default.Regions, r => Assert.Equal(1.0, r.Speed));
        Assert.Equal(["westeurope", "northeurope", "eastus"], PlanEnvironment.Default.Regions.Select(r => r.Name));
        Assert.Equal("westeurope", PlanEnvironment.Default.Origin);
    }

    [Fact]
    public void Deserialize_UnknownSourceBlock_IsSkipped()
    {
        var json = """{"origin":"a","regions":[{"name":"a","pricePerGbSecond":1,"pricePerInvocation":0,"speed":1,"maxMemoryMb":1024,"availableInstances":1,"dispatchLatencyMs":0}],"network":{"latencyMs":{},"egressPricePerGb":{},"bandwidthMbps":100},"source":{"figures":[{"covers":["x"]}]}}""";
        var environment = PlanEnvironmentJson.Deserialize(json)!;
        Assert.Equal("a", environment.Origin);
        Assert.Equal(100, environment.Network.BandwidthMbps);
    }

    [Fact]
    public void Deserialize_MissingRequiredMember_ThrowsNamingIt()
    {
        var json = """{"origin":"a","regions":[{"name":"a","pricePerGbSecond":1,"pricePerInvocation":0,"maxMemoryMb":1024,"availableInstances":1,"dispatchLatencyMs":0}],"network":{"latencyMs":{},"egressPricePerGb":{},"bandwidthMbps":100}}""";
        var ex = Assert.Throws<JsonException>(() => PlanEnvironmentJson.Deserialize(json));
        Assert.Contains("speed", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>Every number of a regions JSON by its path: regions.{name}.{member}, network.{map}.{from}.{to}, network.bandwidthMbps.</summary>
    private static SortedDictionary<string, double> FiguresOf(JsonElement root)
    {
        var figures = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var region in root.GetProperty("regions").EnumerateArray())
        {
            var name = region.GetProperty("name").GetString();
            foreach (var member in region.EnumerateObject().Where(m => m.Name != "name"))
            {
                figures[$"regions.{name}.{member.Name}"] = member.Value.GetDouble();
            }
        }

        var network = root.GetProperty("network");
        foreach (var map in new[] { "latencyMs", "egressPricePerGb" })
        {
            foreach (var from in network.GetProperty(map).EnumerateObject())
            {
                foreach (var to in from.Value.EnumerateObject())
                {
                    figures[$"network.{map}.{from.Name}.{to.Name}"] = to.Value.GetDouble();
                }
            }
        }

        figures["network.bandwidthMbps"] = network.GetProperty("bandwidthMbps").GetDouble();
        return figures;
    }

    private static SortedDictionary<string, double> FiguresOf(PlanEnvironment environment)
    {
        var figures = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var r in environment.Regions)
        {
            double[] values = [r.PricePerGbSecond, r.PricePerInvocation, r.Speed, r.MaxMemoryMb, r.AvailableInstances, r.DispatchLatencyMs];
            for (var i = 0; i < RegionFigures.Length; i++)
            {
                figures[$"regions.{r.Name}.{RegionFigures[i]}"] = values[i];
            }
        }

        foreach (var (map, values) in new[] { ("latencyMs", environment.Network.LatencyMs), ("egressPricePerGb", environment.Network.EgressPricePerGb) })
        {
            foreach (var (from, row) in values)
            {
                foreach (var (to, v) in row)
                {
                    figures[$"network.{map}.{from}.{to}"] = v;
                }
            }
        }

        figures["network.bandwidthMbps"] = environment.Network.BandwidthMbps;
        return figures;
    }
}
