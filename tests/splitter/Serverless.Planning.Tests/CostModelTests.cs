using Serverless.Planning.Model;
using static Serverless.Planning.Tests.Fixtures;

namespace Serverless.Planning.Tests;

public class CostModelTests
{
    private const double Tol = 1e-12;

    [Fact]
    public void Evaluate_OneSegmentInFastRegion_ComputeDispatchAndReturnAsHandComputed()
    {
        // work 1000 ref-ms at speed 2 -> 500 ms; 2 GB × 0.5 s × 0.00002 + 0.000002 = 0.000022.
        // Return 100 000 bytes B -> A (listed only as A -> B): 30 ms + 1 ms, 1e5/1e9 × 0.05 = 0.000005.
        var req = Request(Graph([Seg(0, 1000)]), latencyWeight: 0.001, returnBytes: 100_000);
        var e = CostModel.Evaluate(req, Units(([0], "B")));

        Assert.True(e.IsFeasible);
        Assert.Equal(500, e.Plan.Units[0].DurationMs, 9);
        Assert.Equal(520, e.Plan.Units[0].FinishMs, 9);
        Assert.Equal(0.000022, e.Plan.Cost.Compute, Tol);
        Assert.Equal(0.000005, e.Plan.Cost.Transfer, Tol);
        Assert.Equal(551, e.Plan.MakespanMs, 9);
        Assert.Equal(0.000022 + 0.000005 + (0.001 * 0.551), e.Plan.Objective, Tol);
        Assert.Equal("given", e.Plan.Algorithm);
    }

    [Fact]
    public void Evaluate_EdgeAcrossRegions_CostsEgressAndTakesLatencyPlusBytes()
    {
        // 0 -> 1 carries x (1 MB): 1e6/1e9 × 0.05 = 0.00005; 30 ms + 10 ms.
        var graph = Graph([Seg(0, 100, writes: ["x"]), Seg(1, 100, reads: ["x"])], [Data(0, 1, "x")]);
        var req = Request(graph, bytes: new Dictionary<string, long> { ["x"] = 1_000_000 });
        var e = CostModel.Evaluate(req, Units(([0], "A"), ([1], "B")));

        Assert.Equal(110, e.Plan.Units[0].FinishMs, 9);
        Assert.Equal(150, e.Plan.Units[1].StartMs, 9);
        Assert.Equal(220, e.Plan.Units[1].FinishMs, 9);
        Assert.Equal(0.00005, e.Plan.Cost.Transfer, Tol);
        Assert.Equal(250, e.Plan.MakespanMs, 9); // result travels back: 0 bytes still pay the 30 ms latency
        Assert.Equal([0], e.Plan.Units[1].DependsOn);
    }

    [Fact]
    public void Evaluate_EdgeWithinOneRegion_IsFreeAndInstant()
    {
        var graph = Graph([Seg(0, 100, writes: ["x"]), Seg(1, 100, reads: ["x"])], [Data(0, 1, "x")]);
        var req = Request(graph, bytes: new Dictionary<string, long> { ["x"] = 1_000_000 });
        var e = CostModel.Evaluate(req, Units(([0], "A"), ([1], "A")));

        Assert.Equal(0, e.Plan.Cost.Transfer);
        Assert.Equal(110, e.Plan.Units[1].StartMs, 9);
        Assert.Equal(220, e.Plan.MakespanMs, 9);
        Assert.Equal(2 * ((0.00001 * 2 * 0.1) + 0.000001), e.Plan.Cost.Compute, Tol);
    }

    [Fact]
    public void Evaluate_SameVariableOnTwoEdgesBetweenTheSameUnits_CountedOncePerTriple()
    {
        var graph = Graph(
            [Seg(0, 0, writes: ["x"]), Seg(1, 0, writes: ["y"]), Seg(2, 0, reads: ["x"]), Seg(3, 0, reads: ["x", "y"])],
            [Data(0, 2, "x"), Data(0, 3, "x"), Data(1, 3, "y")]);
        var req = Request(graph, bytes: new Dictionary<string, long> { ["x"] = 1_000_000, ["y"] = 1_000_000 });
        var e = CostModel.Evaluate(req, Units(([0, 1], "A"), ([2, 3], "B")));

        Assert.Equal(2e6 / 1e9 * 0.05, e.Plan.Cost.Transfer, Tol);
        Assert.Equal(10 + 30 + 20, e.Plan.Units[1].StartMs, 9); // finish(A) 10, then 30 ms + 2 MB / 100 000 B/ms
    }

    [Fact]
    public void Evaluate_ArgumentsTravelFromOriginOncePerUnit()
    {
        // p (200 kB) is read by segments 0 and 1, both in B: it travels once: 30 + 2 ms, 2e5/1e9 × 0.05.
        var graph = Graph([Seg(0, 100, reads: ["p"]), Seg(1, 100, reads: ["p"])]);
        var req = Request(graph, bytes: new Dictionary<string, long> { ["p"] = 200_000 });
        var e = CostModel.Evaluate(req, Units(([0, 1], "B")));

        Assert.Equal(32, e.Plan.Units[0].StartMs, 9);
        Assert.Equal(0.00001, e.Plan.Cost.Transfer, Tol);
        Assert.Equal(["p"], e.Plan.Units[0].Inputs);

        // A zero-byte argument still pays the latency.
        var empty = CostModel.Evaluate(req with { VariableBytes = new Dictionary<string, long> { ["p"] = 0 } }, Units(([0, 1], "B")));
        Assert.Equal(30, empty.Plan.Units[0].StartMs, 9);

        // In the origin region it is free and instant.
        var local = CostModel.Evaluate(req, Units(([0, 1], "A")));
        Assert.Equal(0, local.Plan.Units[0].StartMs);
        Assert.Equal(0, local.Plan.Cost.Transfer);
    }

    [Fact]
    public void Evaluate_ParallelBranches_MakespanIsTheLongestPath()
    {
        var graph = Graph([Seg(0, 100), Seg(1, 700), Seg(2, 300)]);
        var req = Request(graph);
        var e = CostModel.Evaluate(req, Units(([0], "A"), ([1], "A"), ([2], "A")));

        Assert.Equal(710, e.Plan.MakespanMs, 9);
        Assert.Equal(3, e.Plan.Units.Count);
        Assert.All(e.Plan.Units, u => Assert.Equal(0, u.StartMs));
    }

    [Fact]
    public void Evaluate_ControlEdgeAcrossRegions_OrdersUnitsWithLatencyOnly()
    {
        var graph = Graph([Seg(0, 100), Seg(1, 100)], [new GraphEdge(0, 1, "control", [])]);
        var e = CostModel.Evaluate(Request(graph), Units(([0], "A"), ([1], "B")));

        Assert.Equal(110 + 30, e.Plan.Units[1].StartMs, 9);
        Assert.Equal(0, e.Plan.Cost.Transfer);
    }

    [Fact]
    public void Evaluate_UnitOutsideNonStrictPreference_AddsPenaltyToObjective()
    {
        var req = Request(Graph([Seg(0, 100)])) with { GeoPreference = new GeoPreferenceSpec(["A"], Strict: false), PreferencePenalty = 0.001 };
        var inB = CostModel.Evaluate(req, Units(([0], "B")));
        var inA = CostModel.Evaluate(req, Units(([0], "A")));

        Assert.Equal(0.001, inB.Plan.Penalty, Tol);
        Assert.Equal(0, inA.Plan.Penalty);
        Assert.Equal(inB.Plan.Cost.Total + 0.001 + (0.001 * inB.Plan.MakespanMs / 1000), inB.Plan.Objective, Tol);
        Assert.True(inB.IsFeasible);
    }

    [Fact]
    public void Evaluate_ViolatedConstraints_AreListedNotThrown()
    {
        var req = Request(Graph([Seg(0, 5000)])) with
        {
            TimeoutSeconds = 1,
            GeoPreference = new GeoPreferenceSpec(["A"], Strict: true),
            Objective = new PlanObjective(0, DeadlineMs: 100),
        };
        var e = CostModel.Evaluate(req, Units(([0], "B")));

        Assert.False(e.IsFeasible);
        Assert.Contains(e.Violations, v => v.Contains("not allowed", StringComparison.Ordinal));
        Assert.Contains(e.Violations, v => v.Contains("timeout", StringComparison.Ordinal));
        Assert.Contains(e.Violations, v => v.StartsWith("objective.deadlineMs", StringComparison.Ordinal));
    }

    [Fact]
    public void Evaluate_CyclicOrMalformedUnits_ThrowsNamingTheProblem()
    {
        var graph = Graph([Seg(0, 1, writes: ["x"]), Seg(1, 1, reads: ["x"], writes: ["y"]), Seg(2, 1, reads: ["y"])], [Data(0, 1, "x"), Data(1, 2, "y")]);
        var req = Request(graph);

        Assert.Contains("cycle", Assert.Throws<PlanningException>(() => CostModel.Evaluate(req, Units(([0, 2], "A"), ([1], "A")))).Message, StringComparison.Ordinal);
        Assert.Contains("segment 2 is in no unit", Assert.Throws<PlanningException>(() => CostModel.Evaluate(req, Units(([0, 1], "A")))).Message, StringComparison.Ordinal);
        Assert.Contains("already in unit", Assert.Throws<PlanningException>(() => CostModel.Evaluate(req, Units(([0, 1], "A"), ([1, 2], "A")))).Message, StringComparison.Ordinal);
        Assert.Equal("units[0].region", Assert.Throws<PlanningException>(() => CostModel.Evaluate(req, Units(([0, 1, 2], "mars")))).Field);
    }

    [Fact]
    public void Evaluate_ConsumerReadsAValueItsProducersUnitOverwrites_IsInfeasible()
    {
        // 0 writes x, 1 reads it, 2 overwrites x, 3 reads the new x. Units {0,2} and {1,3}: {0,2} hands over x as
        // written by 2, but segment 1 needs the value from 0.
        var graph = Graph(
            [Seg(0, 1, writes: ["x"]), Seg(1, 1, reads: ["x"]), Seg(2, 1, writes: ["x"]), Seg(3, 1, reads: ["x"])],
            [Data(0, 1, "x"), Data(2, 3, "x")]);
        var req = Request(graph);

        var stale = CostModel.Evaluate(req, Units(([0, 2], "A"), ([1, 3], "A")));
        Assert.False(stale.IsFeasible);
        Assert.Contains(stale.Violations, v => v.Contains("overwrites", StringComparison.Ordinal));
        Assert.True(CostModel.Evaluate(req, Units(([0, 1], "A"), ([2, 3], "A"))).IsFeasible);

        var plan = Planner.Plan(req, PlanAlgorithms.Exact);
        Assert.True(CostModel.Evaluate(req, plan).IsFeasible);
    }

    [Fact]
    public void Evaluate_RandomPartitions_MatchTheReferenceModel()
    {
        var rng = new Random(7);
        for (var i = 0; i < 300; i++)
        {
            var req = RandomInstances.Create(rng, rng.Next(1, 12));
            var n = req.Graph.Segments.Count;
            var names = req.Regions!.Select(r => r.Name).ToArray();
            var labels = Enumerable.Range(0, n).Select(_ => rng.Next(1 + rng.Next(n))).ToArray();
            var units = labels.Distinct().Select(l => ((IReadOnlyList<int>)Enumerable.Range(0, n).Where(s => labels[s] == l).ToList(), names[rng.Next(names.Length)])).ToList();
            var reference = ReferenceModel.Evaluate(req, units);
            if (reference is null)
            {
                Assert.Throws<PlanningException>(() => CostModel.Evaluate(req, units));
                continue;
            }

            var e = CostModel.Evaluate(req, units);
            Assert.Equal(reference.Compute, e.Plan.Cost.Compute, 1e-12);
            Assert.Equal(reference.Transfer, e.Plan.Cost.Transfer, 1e-12);
            Assert.Equal(reference.MakespanMs, e.Plan.MakespanMs, 6);
            Assert.Equal(reference.Objective, e.Plan.Objective, 1e-12);
            Assert.Equal(reference.Feasible, e.IsFeasible);
        }
    }
}
