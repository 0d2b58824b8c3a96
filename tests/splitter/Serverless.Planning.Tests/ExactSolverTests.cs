using Serverless.Planning.Model;

namespace Serverless.Planning.Tests;

public class ExactSolverTests
{
    [Fact]
    public void Exact_RandomGraphsUpTo8Segments3Regions_AgreesWithBruteForce()
    {
        var rng = new Random(42);
        var sizes = Enumerable.Range(0, 30).Select(i => i < 28 ? 1 + (i % 7) : 8).ToList();
        foreach (var n in sizes)
        {
            var req = RandomInstances.Create(rng, n, new RandomInstances.Options(ChainProbability: 0));
            AssertMatchesBruteForce(req, PlanAlgorithms.Exact);
        }
    }

    [Fact]
    public void ChainDp_RandomChainsUpTo8Segments_AgreesWithBruteForce()
    {
        var rng = new Random(43);
        for (var i = 0; i < 20; i++)
        {
            var req = RandomInstances.Create(rng, 2 + (i % 7), new RandomInstances.Options(ForceChain: true));
            AssertMatchesBruteForce(req, PlanAlgorithms.ChainDp);
        }
    }

    [Fact]
    public void Auto_SmallGraphs_ReportsExactAndIsOptimal()
    {
        var rng = new Random(44);
        for (var i = 0; i < 10; i++)
        {
            var req = RandomInstances.Create(rng, 3 + (i % 4), new RandomInstances.Options(ChainProbability: 0.3));
            var plan = AssertMatchesBruteForce(req, PlanAlgorithms.Auto);
            if (plan is not null)
            {
                Assert.Contains(plan.Algorithm, new[] { PlanAlgorithms.Exact, PlanAlgorithms.ChainDp });
            }
        }
    }

    private static Plan? AssertMatchesBruteForce(PlanRequest req, string algorithm)
    {
        var brute = BruteForce.Best(req);
        if (brute is null)
        {
            var ex = Assert.Throws<PlanningException>(() => Planner.Plan(req, algorithm));
            Assert.False(string.IsNullOrWhiteSpace(ex.Message));
            return null;
        }

        var plan = Planner.Plan(req, algorithm);
        var best = brute.Value.Result;
        Assert.Equal(best.Objective, plan.Objective, (1e-9 * best.Objective) + 1e-15);
        if (Math.Abs(best.Objective - plan.Objective) <= 1e-12 * Math.Max(1e-9, best.Objective))
        {
            // Same objective: the ties rule (smaller makespan, then fewer units) must agree too.
            Assert.Equal(best.MakespanMs, plan.MakespanMs, 6);
        }

        var again = ReferenceModel.Evaluate(req, plan)!;
        Assert.True(again.Feasible, string.Join(", ", again.Why));
        return plan;
    }
}
