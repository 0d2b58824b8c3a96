using Serverless.Planning.Model;

namespace Serverless.Planning.Tests;

public class HeuristicTests
{
    [Fact]
    public void Heuristic_RandomGraphs_NeverWorseThanTheBetterBaseline()
    {
        var rng = new Random(100);
        for (var i = 0; i < 60; i++)
        {
            var n = 1 + rng.Next(i < 40 ? 16 : 200);
            var req = RandomInstances.Create(rng, n, new RandomInstances.Options(Regions: 2 + rng.Next(4)));
            var baseline = BestBaseline(req);
            Plan plan;
            try
            {
                plan = Planner.Plan(req, PlanAlgorithms.Heuristic);
            }
            catch (PlanningException)
            {
                Assert.Null(baseline); // only when neither baseline is feasible (e.g. a deadline no one meets)
                continue;
            }

            if (baseline is { } b)
            {
                Assert.True(plan.Objective <= b + (1e-9 * b), $"instance {i}: heuristic {plan.Objective} > baseline {b}");
            }
        }
    }

    [Fact]
    public void Heuristic_RandomGraphsOf8To10Segments_Within2PercentOfExact()
    {
        var rng = new Random(200);
        var ratios = new List<double>();
        for (var i = 0; i < 30; i++)
        {
            var req = RandomInstances.Create(rng, 8 + (i % 3), new RandomInstances.Options(ChainProbability: 0));
            Plan exact;
            try
            {
                exact = Planner.Plan(req, PlanAlgorithms.Exact);
            }
            catch (PlanningException)
            {
                continue;
            }

            var heuristic = Planner.Plan(req, PlanAlgorithms.Heuristic);
            Assert.True(heuristic.Objective >= exact.Objective - (1e-9 * exact.Objective), "exact is a lower bound");
            ratios.Add(heuristic.Objective / exact.Objective);
        }

        Assert.True(ratios.Count >= 20);
        Assert.All(ratios, r => Assert.InRange(r, 0, 1.02));
    }

    /// <summary>The better feasible baseline: all in one unit in the best region; each segment alone in its cheapest region.</summary>
    private static double? BestBaseline(PlanRequest req)
    {
        var n = req.Graph.Segments.Count;
        var memGb = (req.MemoryMb ?? 1024) / 1024.0;
        var geo = req.GeoPreference;
        var allowed = req.Regions!.Where(r => r.AvailableInstances > 0 && r.MaxMemoryMb >= (req.MemoryMb ?? 1024) && (geo is not { Strict: true } || geo.Regions.Contains(r.Name))).ToList();
        double? best = null;
        foreach (var r in allowed)
        {
            var e = ReferenceModel.Evaluate(req, [(Enumerable.Range(0, n).ToList(), r.Name)])!;
            if (e.Feasible && (best is null || e.Objective < best))
            {
                best = e.Objective;
            }
        }

        if (allowed.Count > 0)
        {
            var alone = Enumerable.Range(0, n).Select(s => ((IReadOnlyList<int>)[s],
                allowed.MinBy(r => (r.PricePerGbSecond * memGb * req.Graph.Segments[s].Work / r.Speed / 1000) + r.PricePerInvocation)!.Name)).ToList();
            var e = ReferenceModel.Evaluate(req, alone)!;
            if (e.Feasible && (best is null || e.Objective < best))
            {
                best = e.Objective;
            }
        }

        return best;
    }
}
