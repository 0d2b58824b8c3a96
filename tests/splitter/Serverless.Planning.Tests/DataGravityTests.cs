using Serverless.Contracts.Manifest;
using Serverless.Contracts.Plans;
using Serverless.Planning.Model;

namespace Serverless.Planning.Tests;

/// <summary>Data a segment reads where it lives ([DataSource]): charged to its unit's region, so work moves to its data.</summary>
public class DataGravityTests
{
    private const double Tol = 1e-12;

    /// <summary>
    /// Public-figure style regions: one price and speed everywhere, published round-trip latencies, egress $0.02/GB
    /// within Europe and $0.05/GB between Europe and the US, 1 Gbit/s.
    /// </summary>
    public static PlanEnvironment Honest { get; } = new(
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

    private static PlanRequest Request(IReadOnlyList<GraphSegment> segments, IReadOnlyList<GraphEdge>? edges = null) =>
        new PlanRequest(new FunctionGraph("Tests.Gravity", segments, edges ?? []), DefaultVariableBytes: 1000, ReturnBytes: 100, MemoryMb: 1024, Objective: new PlanObjective(0.00002))
            .WithEnvironment(Honest);

    private static GraphSegment Reading(int id, double work, string region, long bytes, string[]? reads = null, string[]? writes = null) =>
        new(id, reads ?? [], writes ?? [], work, DataReads: [new DataRead(region, bytes)]);

    [Fact]
    public void Evaluate_DataElsewhere_ChargesEgressAndDelaysTheUnitByLatencyPlusBytes()
    {
        // 200 MB northeurope -> westeurope: 0.2 GB × $0.02 = $0.004; 18 ms + 200e6 × 8 / 1e6 ms = 1618 ms.
        var req = Request([Reading(0, 100, "northeurope", 200_000_000)]);
        var away = CostModel.Evaluate(req, [([0], "westeurope")]).Plan;
        var near = CostModel.Evaluate(req, [([0], "northeurope")]).Plan;

        Assert.Equal(1618, away.Units[0].DataReadMs, 9);
        Assert.Equal(0, away.Units[0].StartMs, 9);
        Assert.Equal(40 + 1618 + 100, away.Units[0].FinishMs, 9);
        Assert.Equal(100, away.Units[0].DurationMs, 9);
        Assert.Equal(0.004 + (100 / 1e9 * 0), away.Cost.Transfer, Tol);

        Assert.Equal(0, near.Units[0].DataReadMs);
        Assert.Equal(40 + 100, near.Units[0].FinishMs, 9);
        Assert.Equal(100 / 1e9 * 0.02, near.Cost.Transfer, Tol); // only the result goes back to westeurope
        Assert.True(near.Objective < away.Objective);
    }

    [Fact]
    public void Evaluate_TwoSegmentsReadingInOneUnit_PayEachReadInTurn()
    {
        var req = Request([Reading(0, 10, "northeurope", 1_000_000), Reading(1, 10, "eastus", 2_000_000)]);
        var unit = CostModel.Evaluate(req, [([0, 1], "westeurope")]).Plan;

        Assert.Equal((18 + 8) + (82 + 16), unit.Units[0].DataReadMs, 9);
        Assert.Equal((0.001 * 0.02) + (0.002 * 0.05) + (100 / 1e9 * 0), unit.Cost.Transfer, Tol);
    }

    [Fact]
    public void Plan_EqualPrices_PutsEachReadingSegmentWhereItsDataLives()
    {
        // Two independent aggregations next to their data, then a small combine; prices are equal everywhere.
        var segments = new List<GraphSegment>
        {
            Reading(0, 200, "northeurope", 200_000_000, writes: ["eu"]),
            Reading(1, 200, "eastus", 150_000_000, writes: ["us"]),
            new(2, ["eu", "us"], ["r"], 5),
        };
        var req = Request(segments, [new GraphEdge(0, 2, "data", ["eu"]), new GraphEdge(1, 2, "data", ["us"])]);
        var plan = Planner.Plan(req);

        string RegionOf(int s) => plan.Units.Single(u => u.Segments.Contains(s)).Region;
        Assert.Equal("northeurope", RegionOf(0));
        Assert.Equal("eastus", RegionOf(1));
        var best = Honest.Regions.Min(r => CostModel.Evaluate(req, [([0, 1, 2], r.Name)]).Plan.Objective);
        Assert.True(plan.Objective < best, $"split {plan.Objective:R} vs best single region {best:R}");
    }

    [Fact]
    public void Plan_WithoutDataReads_SameProblemKeepsOneRegion()
    {
        // The control: the same graph without data reads does not pay a transatlantic split.
        var segments = new List<GraphSegment> { new(0, [], ["eu"], 200), new(1, [], ["us"], 200), new(2, ["eu", "us"], ["r"], 5) };
        var req = Request(segments, [new GraphEdge(0, 2, "data", ["eu"]), new GraphEdge(1, 2, "data", ["us"])]);
        Assert.DoesNotContain(Planner.Plan(req).Units, u => u.Region == "eastus");
    }

    [Fact]
    public void Plan_DataReadFromTheOrigin_IsAPlaceTheNetworkKnows()
    {
        var env = Honest with { Origin = "client", Network = Honest.Network with
        {
            LatencyMs = new Dictionary<string, IReadOnlyDictionary<string, double>>(Honest.Network.LatencyMs) { ["client"] = new Dictionary<string, double> { ["westeurope"] = 5, ["northeurope"] = 25, ["eastus"] = 90 } },
            EgressPricePerGb = new Dictionary<string, IReadOnlyDictionary<string, double>>(Honest.Network.EgressPricePerGb) { ["client"] = new Dictionary<string, double> { ["westeurope"] = 0.01, ["northeurope"] = 0.02, ["eastus"] = 0.05 } },
        } };
        var req = Request([Reading(0, 10, "client", 10_000_000)]).WithEnvironment(env);
        var e = CostModel.Evaluate(req, [([0], "westeurope")]).Plan;
        Assert.Equal(5 + 80, e.Units[0].DataReadMs, 9);
    }

    [Fact]
    public void Validate_DataRegionNotInTheEnvironment_NamesTheSegmentAndTheRegion()
    {
        var req = Request([new GraphSegment(0, [], [], 1), Reading(1, 1, "southindia", 5)]);
        var error = Assert.Single(PlanRequestValidator.Validate(req));
        Assert.Equal("graph.segments[1].dataReads[0].region", error.Field);
        Assert.Contains("segment 1 reads data in 'southindia'", error.Message, StringComparison.Ordinal);
        var ex = Assert.Throws<PlanningException>(() => Planner.Plan(req));
        Assert.Contains("southindia", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", 5, "graph.segments[0].dataReads[0].region")]
    [InlineData("eastus", -1, "graph.segments[0].dataReads[0].bytes")]
    public void Validate_BadDataRead_NamesTheField(string region, long bytes, string field)
    {
        var req = Request([Reading(0, 1, region, bytes)]);
        Assert.Contains(PlanRequestValidator.Validate(req), e => e.Field == field);
    }

    [Fact]
    public void EveryAlgorithm_AgreesWithTheReferenceModelOnDataReads()
    {
        var rng = new Random(41);
        for (var i = 0; i < 60; i++)
        {
            var req = RandomInstances.Create(rng, 2 + (i % 6), new RandomInstances.Options(DataReadProbability: 1));
            foreach (var algorithm in new[] { PlanAlgorithms.Exact, PlanAlgorithms.Heuristic, PlanAlgorithms.ChainDp, PlanAlgorithms.Auto })
            {
                Plan plan;
                try
                {
                    plan = Planner.Plan(req, algorithm);
                }
                catch (PlanningException)
                {
                    continue;
                }

                var reference = ReferenceModel.Evaluate(req, plan)!;
                Assert.Equal(reference.Transfer, plan.Cost.Transfer, 1e-9);
                Assert.Equal(reference.MakespanMs, plan.MakespanMs, 6);
            }
        }
    }
}
