using Serverless.Contracts.Plans;
using Serverless.Planning.Model;
using Serverless.TestSupport;
using static Serverless.Planning.Tests.Fixtures;

namespace Serverless.Planning.Tests;

public class PlannerTests
{
    [Fact]
    public void Plan_StrictGeoPreference_UsesOnlyListedRegions()
    {
        // Heavy work and a high latency weight make B (twice as fast) attractive; strict [A] forbids it.
        var req = Request(Graph([Seg(0, 10_000), Seg(1, 10_000)]), latencyWeight: 1);
        Assert.Contains(Planner.Plan(req).Units, u => u.Region == "B");

        var strict = Planner.Plan(req with { GeoPreference = new GeoPreferenceSpec(["A"], Strict: true) });
        Assert.All(strict.Units, u => Assert.Equal("A", u.Region));
    }

    [Fact]
    public void Plan_NonStrictPreference_PenaltyTipsTheBalance()
    {
        var req = Request(Graph([Seg(0, 10_000)]), latencyWeight: 0.001) with { GeoPreference = new GeoPreferenceSpec(["A"], Strict: false) };
        var cheapPenalty = Planner.Plan(req with { PreferencePenalty = 0 });
        var dearPenalty = Planner.Plan(req with { PreferencePenalty = 1 });

        Assert.Equal("B", cheapPenalty.Units.Single().Region); // 5 s faster is worth 0.005 > the compute difference
        Assert.Equal("A", dearPenalty.Units.Single().Region);
    }

    [Fact]
    public void Plan_MemoryAboveEveryRegion_ThrowsNamingMemory()
    {
        var req = Request(Graph([Seg(0, 10)])) with { MemoryMb = 8192 };
        var ex = Assert.Throws<PlanningException>(() => Planner.Plan(req));
        Assert.Contains("memoryMb is 8192", ex.Message, StringComparison.Ordinal);
        Assert.Contains("A offers at most 4096 MB", ex.Message, StringComparison.Ordinal);

        var roomy = Planner.Plan(req with { Regions = [A, B with { MaxMemoryMb = 8192 }] });
        Assert.All(roomy.Units, u => Assert.Equal("B", u.Region));
    }

    [Fact]
    public void Plan_RegionWithoutInstances_IsNotUsed()
    {
        var req = Request(Graph([Seg(0, 10_000)]), latencyWeight: 1, regions: [A, B with { AvailableInstances = 0 }]);
        Assert.All(Planner.Plan(req).Units, u => Assert.Equal("A", u.Region));

        var none = req with { Regions = [A with { AvailableInstances = 0 }, B with { AvailableInstances = 0 }] };
        Assert.Contains("no available instances", Assert.Throws<PlanningException>(() => Planner.Plan(none)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_TimeoutShorterThanTheWhole_SplitsIntoUnitsThatFit()
    {
        var graph = Graph([Seg(0, 800), Seg(1, 800), Seg(2, 800)]);
        var req = Request(graph, latencyWeight: 0, regions: [A]) with { TimeoutSeconds = 1 };
        var plan = Planner.Plan(req);

        Assert.Equal(3, plan.Units.Count);
        Assert.All(plan.Units, u => Assert.True(u.DurationMs <= 1000));
    }

    [Fact]
    public void Plan_SegmentLongerThanTimeoutEverywhere_ThrowsNamingTimeoutAndSegment()
    {
        var req = Request(Graph([Seg(0, 10), Seg(1, 5000)])) with { TimeoutSeconds = 1 };
        var ex = Assert.Throws<PlanningException>(() => Planner.Plan(req));
        Assert.StartsWith("timeoutSeconds: segment 1", ex.Message, StringComparison.Ordinal);
        Assert.Contains("(B)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_Deadline_ForcesTheFasterDearerRegion()
    {
        // Cost alone prefers A (0.000201 vs 0.000202); A takes 10 010 ms, B 5 020 ms + 30 ms back.
        var req = Request(Graph([Seg(0, 10_000)]), latencyWeight: 0);
        Assert.Equal("A", Planner.Plan(req).Units.Single().Region);

        var withDeadline = Planner.Plan(req with { Objective = new PlanObjective(0, DeadlineMs: 6000) });
        Assert.Equal("B", withDeadline.Units.Single().Region);
        Assert.True(withDeadline.MakespanMs <= 6000);

        var impossible = req with { Objective = new PlanObjective(0, DeadlineMs: 100) };
        var ex = Assert.Throws<PlanningException>(() => Planner.Plan(impossible));
        Assert.StartsWith("objective.deadlineMs: no plan meets the deadline of 100 ms", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_EqualObjectives_PrefersFewerUnits()
    {
        var free = A with { PricePerGbSecond = 0, PricePerInvocation = 0, DispatchLatencyMs = 0 };
        // A chain (chain-dp) and a diamond (exact): every partition has the same cost and makespan.
        var chain = Graph([Seg(0, 100, writes: ["x"]), Seg(1, 100, ["x"], ["y"]), Seg(2, 100, ["y"])], [Data(0, 1, "x"), Data(1, 2, "y")]);
        var plan = Planner.Plan(Request(chain, latencyWeight: 0, regions: [free]));
        Assert.Equal(PlanAlgorithms.ChainDp, plan.Algorithm);
        Assert.Single(plan.Units);
        Assert.Equal([0, 1, 2], plan.Units[0].Segments);

        var diamond = Graph(
            [Seg(0, 100, writes: ["x"]), Seg(1, 0, ["x"], ["y"]), Seg(2, 0, ["x"], ["z"]), Seg(3, 100, ["y", "z"])],
            [Data(0, 1, "x"), Data(0, 2, "x"), Data(1, 3, "y"), Data(2, 3, "z")]);
        var exact = Planner.Plan(Request(diamond, latencyWeight: 0, regions: [free]));
        Assert.Equal(PlanAlgorithms.Exact, exact.Algorithm);
        Assert.Single(exact.Units);
    }

    [Fact]
    public void Plan_EqualCost_PrefersSmallerMakespan()
    {
        // Free regions: every plan costs 0; the faster one wins the tie, and parallel units beat one sequential unit.
        var slow = A with { PricePerGbSecond = 0, PricePerInvocation = 0, DispatchLatencyMs = 0 };
        var fast = B with { PricePerGbSecond = 0, PricePerInvocation = 0, DispatchLatencyMs = 0 };
        var graph = Graph([Seg(0, 100), Seg(1, 100)]);
        var plan = Planner.Plan(Request(graph, latencyWeight: 0, regions: [slow, fast]) with { Origin = "B" });

        Assert.Equal(2, plan.Units.Count);
        Assert.All(plan.Units, u => Assert.Equal("B", u.Region));
        Assert.Equal(50, plan.MakespanMs, 9);
    }

    [Fact]
    public void Plan_GraphWithErrors_RunsAsOneUnit()
    {
        var graph = Graph([Seg(0, 800), Seg(1, 800)], diagnostics: [new GraphDiagnostic("SPL001", "error", 3, "iterator")]);
        var req = Request(graph, latencyWeight: 0, regions: [A with { PricePerInvocation = 0, DispatchLatencyMs = 0 }]);
        var plan = Planner.Plan(req);
        Assert.Single(plan.Units);

        var tooLong = req with { TimeoutSeconds = 1 };
        Assert.Contains("cannot be split", Assert.Throws<PlanningException>(() => Planner.Plan(tooLong)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_WithoutEnvironment_UsesTheDefaultRegions()
    {
        var plan = Planner.Plan(new PlanRequest(Graph([Seg(0, 100, reads: ["p"])]), Objective: new PlanObjective(0.001)));
        var names = PlanEnvironment.Default.Regions.Select(r => r.Name).ToList();
        Assert.All(plan.Units, u => Assert.Contains(u.Region, names));
        Assert.Equal(3, names.Distinct().Count());
    }

    [Fact]
    public void Plan_TradeOffEnvironment_PlacementDependsOnDataAndWork()
    {
        // Heavy compute on little data goes to the fast region; a big image stays near the origin.
        var graph = Graph([Seg(0, 20_000, reads: ["p"])]);
        var light = Planner.Plan(new PlanRequest(graph, VariableBytes: new Dictionary<string, long> { ["p"] = 1000 }, Objective: new PlanObjective(0.001)).WithEnvironment(TradeOffEnvironment.Regions));
        var heavy = Planner.Plan(new PlanRequest(graph with { Segments = [Seg(0, 200, reads: ["p"])] }, VariableBytes: new Dictionary<string, long> { ["p"] = 200_000_000 }, Objective: new PlanObjective(0.001)).WithEnvironment(TradeOffEnvironment.Regions));

        Assert.Equal("eastus", light.Units.Single().Region);
        Assert.Equal("westeurope", heavy.Units.Single().Region);
    }

    [Fact]
    public void Plan_DefaultEnvironment_SamePriceAndSpeedEverywhere_KeepsAChainWholeAtTheOrigin()
    {
        // Public figures: one price and no speed difference, so moving work away only adds latency and egress.
        var graph = Graph([Seg(0, 20_000, reads: ["p"], writes: ["a"]), Seg(1, 5_000, reads: ["a"], writes: ["b"]), Seg(2, 300, reads: ["b"])], [Data(0, 1, "a"), Data(1, 2, "b")]);
        var plan = Planner.Plan(new PlanRequest(graph, VariableBytes: new Dictionary<string, long> { ["p"] = 1000, ["a"] = 1000, ["b"] = 1000 }, Objective: new PlanObjective(0.001)));

        var unit = Assert.Single(plan.Units);
        Assert.Equal(PlanEnvironment.Default.Origin, unit.Region);
        Assert.Equal([0, 1, 2], unit.Segments);
    }

    [Fact]
    public void Plan_DefaultEnvironment_IndependentHeavyBranches_SplitsForParallelismInEurope()
    {
        // Splitting still pays where it buys parallelism worth more than the dispatch and the extra invocation:
        // two independent 5 s branches run side by side, in Europe (eastus is 82 ms and a transatlantic price away).
        var graph = Graph([Seg(0, 5_000, reads: ["p"], writes: ["a"]), Seg(1, 5_000, reads: ["p"], writes: ["b"]), Seg(2, 10, reads: ["a", "b"])], [Data(0, 2, "a"), Data(1, 2, "b")]);
        var plan = Planner.Plan(new PlanRequest(graph, Objective: new PlanObjective(0.01)));

        Assert.True(plan.Units.Count >= 2, $"expected the two branches apart, got {plan.Units.Count} unit(s)");
        Assert.All(plan.Units, u => Assert.NotEqual("eastus", u.Region));
        Assert.True(plan.MakespanMs < 10_000, $"makespan {plan.MakespanMs} ms: the branches did not run side by side");
    }

    [Fact]
    public void Plan_UnknownAlgorithm_ThrowsNamingIt()
    {
        var ex = Assert.Throws<PlanningException>(() => Planner.Plan(Request(Graph([Seg(0, 1)])), "magic"));
        Assert.Equal("algorithm", ex.Field);
        Assert.Throws<PlanningException>(() => Planner.Plan(Request(Graph([Seg(0, 1), Seg(1, 1)])), PlanAlgorithms.ChainDp));
    }

    [Fact]
    public void Plan_UnitsAreTopologicallyNumberedAndAcyclic()
    {
        var rng = new Random(11);
        for (var i = 0; i < 30; i++)
        {
            var req = RandomInstances.Create(rng, rng.Next(1, 30), new RandomInstances.Options(Constraints: false));
            var plan = Planner.Plan(req);
            Assert.Equal(Enumerable.Range(0, plan.Units.Count), plan.Units.Select(u => u.Id));
            var unitOf = new int[req.Graph.Segments.Count];
            foreach (var u in plan.Units)
            {
                Assert.All(u.DependsOn, d => Assert.True(d < u.Id, "a unit depends only on earlier units"));
                Assert.Equal(u.Segments.Order(), u.Segments);
                foreach (var s in u.Segments)
                {
                    unitOf[s] = u.Id;
                }
            }

            foreach (var e in req.Graph.Edges)
            {
                if (unitOf[e.From] != unitOf[e.To])
                {
                    Assert.Contains(unitOf[e.From], plan.Units[unitOf[e.To]].DependsOn);
                }
            }

            Assert.Equal(unitOf[^1], plan.ResultUnit);
        }
    }

    [Fact]
    public void Plan_SameRequestTwice_GivesTheSamePlan()
    {
        var rng = new Random(5);
        foreach (var n in new[] { 6, 11, 40, 300 })
        {
            var req = RandomInstances.Create(rng, n, new RandomInstances.Options(Regions: 4, Constraints: false));
            var a = System.Text.Json.JsonSerializer.Serialize(Planner.Plan(req), PlanningJsonContext.Default.Plan);
            var b = System.Text.Json.JsonSerializer.Serialize(Planner.Plan(req), PlanningJsonContext.Default.Plan);
            Assert.Equal(a, b);
        }
    }

    [Fact]
    public void Plan_AlgorithmChoice_FollowsSizeAndShape()
    {
        var rng = new Random(3);
        Assert.Equal(PlanAlgorithms.ChainDp, Planner.Plan(RandomInstances.Create(rng, 30, new RandomInstances.Options(Constraints: false, ForceChain: true))).Algorithm);
        Assert.Equal(PlanAlgorithms.Exact, Planner.Plan(RandomInstances.Create(rng, 5, new RandomInstances.Options(Constraints: false, ChainProbability: 0))).Algorithm);
        Assert.Equal(PlanAlgorithms.Heuristic, Planner.Plan(RandomInstances.Create(rng, 60, new RandomInstances.Options(Constraints: false, ChainProbability: 0))).Algorithm);
    }
}
