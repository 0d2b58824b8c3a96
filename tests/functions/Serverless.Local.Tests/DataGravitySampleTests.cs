using System.Text.Json;
using Serverless.Contracts.Plans;
using Serverless.Local.Engine;
using Serverless.Orchestrations.Runtime;
using Serverless.Planning;
using Serverless.Planning.Model;

namespace Serverless.Local.Tests;

/// <summary>
/// The data-gravity sample (EnergyReport.Compare: meter readings in northeurope and eastus, marked [DataSource]) on its
/// real analysed graph: under equal prices everywhere its plan follows the data, and beats every single region.
/// </summary>
public sealed class DataGravitySampleTests
{
    private const string Function = "Serverless.Samples.EnergyReport.Compare";

    /// <summary>Public-figure style regions: one price and speed everywhere, published latencies, egress $0.02/GB within Europe, $0.05/GB to the US.</summary>
    private static readonly PlanEnvironment Honest = new(
        "westeurope",
        [
            new RegionSpec("westeurope", 0.000016, 0.0000002, 1.0, 4096, 10, 40),
            new RegionSpec("northeurope", 0.000016, 0.0000002, 1.0, 4096, 10, 40),
            new RegionSpec("eastus", 0.000016, 0.0000002, 1.0, 4096, 10, 40),
        ],
        new NetworkSpec(
            new Dictionary<string, IReadOnlyDictionary<string, double>>
            {
                ["westeurope"] = new Dictionary<string, double> { ["northeurope"] = 18, ["eastus"] = 82 },
                ["northeurope"] = new Dictionary<string, double> { ["eastus"] = 70 },
            },
            new Dictionary<string, IReadOnlyDictionary<string, double>>
            {
                ["westeurope"] = new Dictionary<string, double> { ["northeurope"] = 0.02, ["eastus"] = 0.05 },
                ["northeurope"] = new Dictionary<string, double> { ["eastus"] = 0.05 },
            },
            1000));

    private static PlanRequest Request()
    {
        var entry = SplitFunctionRegistry.FromAssemblies(typeof(Serverless.Samples.EnergyReport).Assembly).Get(Function);
        Assert.True(entry.IsSplittable, string.Join("; ", entry.Graph.Diagnostics.Select(d => d.Message)));
        var graph = FunctionGraph.FromManifest(entry.Graph);
        // The demo's simulated work: the two reductions are the heavy statements.
        double[] work = [80, 250, 80, 250, 5, 5];
        Assert.Equal(work.Length, graph.Segments.Count);
        graph = graph with { Segments = [.. graph.Segments.Select(s => s with { Work = work[s.Id] })] };
        return new PlanRequest(graph, DefaultVariableBytes: 100_000, ReturnBytes: 500, Objective: new PlanObjective(0.00002)).WithEnvironment(Honest);
    }

    [Fact]
    public void Analysis_RecordsWhereEachReadingStatementsDataLives()
    {
        var graph = Request().Graph;
        Assert.Equal(
            ["northeurope:200000000", string.Empty, "eastus:150000000", string.Empty, string.Empty, string.Empty],
            graph.Segments.Select(s => string.Join(",", (s.DataReads ?? []).Select(d => $"{d.Region}:{d.Bytes}"))));
    }

    [Fact]
    public void Plan_EqualPrices_PutsTheSegmentsThatReadARegionsDataInThatRegion()
    {
        var request = Request();
        var plan = Planner.Plan(request);

        foreach (var segment in request.Graph.Segments.Where(s => s.DataReads is { Count: > 0 }))
        {
            var unit = plan.Units.Single(u => u.Segments.Contains(segment.Id));
            Assert.Equal(segment.DataReads!.Single().Region, unit.Region);
            Assert.Equal(0, unit.DataReadMs);
        }

        // Each reduction stays with its readings: the large arrays never travel.
        Assert.Equal(plan.Units.Single(u => u.Segments.Contains(0)).Region, plan.Units.Single(u => u.Segments.Contains(1)).Region);
        Assert.Equal(plan.Units.Single(u => u.Segments.Contains(2)).Region, plan.Units.Single(u => u.Segments.Contains(3)).Region);
    }

    [Fact]
    public void Plan_ObjectiveBeatsTheBestSingleRegion()
    {
        var request = Request();
        var plan = Planner.Plan(request);
        var all = Enumerable.Range(0, request.Graph.Segments.Count).ToList();
        var single = Honest.Regions.Select(r => CostModel.Evaluate(request, [(all, r.Name)]).Plan).ToList();
        var best = single.MinBy(p => p.Objective)!;

        Assert.True(plan.Objective < best.Objective, $"split {plan.Objective:R} vs {best.Units[0].Region} alone {best.Objective:R}");
        // The single region pays moving at least the smaller dataset across the Atlantic or the larger one across Europe.
        Assert.True(best.Cost.Transfer >= 0.15 * 0.05 - 1e-12 || best.Cost.Transfer >= 0.2 * 0.02 - 1e-12, $"transfer {best.Cost.Transfer:R}");
        Assert.True(plan.Cost.Transfer < 0.001, $"split transfer {plan.Cost.Transfer:R}");
    }

    [Fact]
    public async Task Demo_DataGravitySample_RunsWhereThePlanSaysAndItsMeasuredObjectiveBeatsTheUnsplitRun()
    {
        var dir = Path.Combine(Path.GetTempPath(), "gravity-demo-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var stdout = new StringWriter();
            using var stderr = new StringWriter();
            var code = await Cli.RunAsync(["demo", "--only", "EnergyReport", "--time-scale", "0.25", "--out", dir, "--output", "json"], stdout, stderr);
            Assert.True(code == 0, stderr.ToString());
            using var json = JsonDocument.Parse(stdout.ToString());
            var sample = Assert.Single(json.RootElement.GetProperty("samples").EnumerateArray());
            Assert.Equal(Function, sample.GetProperty("function").GetString());
            Assert.True(sample.GetProperty("resultEqual").GetBoolean());

            var planned = sample.GetProperty("units").EnumerateArray().Select(u => u.GetProperty("plannedRegion").GetString()).ToHashSet();
            Assert.Contains("northeurope", planned);
            Assert.Contains("eastus", planned);

            var split = sample.GetProperty("split").GetProperty("measured");
            var unsplit = sample.GetProperty("unsplit").GetProperty("measured");
            // The unsplit run pays moving a whole dataset to its region; the measured cost includes that egress.
            Assert.True(unsplit.GetProperty("cost").GetDouble() >= 0.15 * 0.02, $"unsplit measured cost {unsplit.GetProperty("cost").GetDouble():R}");
            Assert.True(split.GetProperty("cost").GetDouble() < unsplit.GetProperty("cost").GetDouble());
            Assert.True(split.GetProperty("objective").GetDouble() < unsplit.GetProperty("objective").GetDouble(), $"split {split} vs unsplit {unsplit}");
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }
}
