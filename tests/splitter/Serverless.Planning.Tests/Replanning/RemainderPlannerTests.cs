using CsCheck;
using Serverless.Contracts.Plans;
using Serverless.Planning.Replanning;

namespace Serverless.Planning.Tests.Replanning;

public sealed class RemainderPlannerTests
{
    private static readonly string[] Names = ["a", "b", "c"];

    private static PlanEnvironment Environment(double[] prices) => new(
        "a",
        [.. Names.Select((n, i) => new RegionSpec(n, prices[i], 0.0000002, 1 + (0.5 * i), 8192, 4, 10 + (5 * i)))],
        new NetworkSpec(
            new Dictionary<string, IReadOnlyDictionary<string, double>>
            {
                ["a"] = new Dictionary<string, double> { ["b"] = 20, ["c"] = 80 },
                ["b"] = new Dictionary<string, double> { ["c"] = 70 },
            },
            new Dictionary<string, IReadOnlyDictionary<string, double>>
            {
                ["a"] = new Dictionary<string, double> { ["b"] = 0.02, ["c"] = 0.05 },
                ["b"] = new Dictionary<string, double> { ["c"] = 0.05 },
            },
            1000));

    /// <summary>A chain of <paramref name="count"/> units of 100 ms each, unit i in region regions[i].</summary>
    private static List<PlanUnit> Chain(int count, IReadOnlyList<int> regions) =>
        [.. Enumerable.Range(0, count).Select(i => new PlanUnit
        {
            Id = i,
            Segments = [i],
            Region = Names[regions[i]],
            FallbackRegions = [.. Names.Where(n => n != Names[regions[i]])],
            DependsOn = i == 0 ? [] : [i - 1],
            Inputs = [i == 0 ? new UnitInput("x", null) : new UnitInput("v" + (i - 1), i - 1)],
            EstimatedWorkMs = 100,
            InputBytes = new Dictionary<string, long> { [i == 0 ? "x" : "v" + (i - 1)] = 1000 },
        })];

    [Fact]
    public void PlannedMakespanMs_ChainInOneRegion_IsDispatchPlusWorkPerLevel()
    {
        var units = Chain(3, [0, 0, 0]);

        // Three levels of 10 ms dispatch + 100 ms work in a, where the arguments start and the result ends.
        Assert.Equal(330, RemainderPlanner.PlannedMakespanMs(units, Environment([1e-5, 1e-5, 1e-5])), 6);
    }

    [Fact]
    public void Plan_PlannedRegionDeclined_PendingUnitsLeaveIt()
    {
        var units = Chain(3, [0, 0, 0]);
        var problem = new RemainderProblem
        {
            Units = units,
            Environment = Environment([1e-5, 2e-5, 3e-5]),
            LatencyWeight = 0.001,
            Fixed = [new FixedUnit(0, "b", 500)],
            PendingUnits = [1, 2],
            NowMs = 300,
            Unavailable = ["a"],
        };

        var plan = RemainderPlanner.Plan(problem);

        Assert.Equal([new ReplacedUnit(1, "a", "b"), new ReplacedUnit(2, "a", "b")], plan.Replaced);
        // Unit 0 ends at 500, then two levels in b (15 ms dispatch, 100 / 1.5 ms work), the result 20 ms back to a (its size unknown at this level).
        Assert.Equal(500 + (2 * (15 + (100 / 1.5))) + 20, plan.MakespanMs, 6);
    }

    [Fact]
    public void Plan_RandomChains_NeverWorseThanKeepingAndOnlyAllowedRegions()
    {
        Gen.Select(Gen.Int[2, 6], Gen.Int[0, 2].Array[6], Gen.Int[1, 50].Array[3], Gen.Int[0, 2], Gen.Int[0, 500])
            .Sample((count, regions, prices, declined, delay) =>
            {
                var units = Chain(count, regions);
                var environment = Environment([.. prices.Select(p => p * 1e-6)]);
                var problem = new RemainderProblem
                {
                    Units = units,
                    Environment = environment,
                    LatencyWeight = 0.01,
                    Fixed = [new FixedUnit(0, Names[(declined + 1) % 3], 400)],
                    PendingUnits = [.. Enumerable.Range(1, count - 1)],
                    NowMs = 100,
                    Unavailable = [Names[declined]],
                    RegionDelayMs = new Dictionary<string, double> { [Names[(declined + 2) % 3]] = delay },
                };

                var plan = RemainderPlanner.Plan(problem);
                var again = RemainderPlanner.Plan(problem);

                Assert.Equal(plan.Replaced, again.Replaced);
                Assert.Equal(plan.MakespanMs, again.MakespanMs);
                Assert.All(plan.Replaced, r => Assert.NotEqual(Names[declined], r.ToRegion));
                var placed = units.ToDictionary(u => u.Id, u => u.Region);
                foreach (var r in plan.Replaced)
                {
                    Assert.Equal(placed[r.UnitId], r.FromRegion);
                    placed[r.UnitId] = r.ToRegion;
                }

                // Nothing pending stays where every instance declined; the re-plan ends no earlier than now.
                Assert.All(units.Skip(1), u => Assert.NotEqual(Names[declined], placed[u.Id]));
                Assert.True(plan.MakespanMs >= 400, $"makespan {plan.MakespanMs}");

                // The re-plan is at least as good by the objective as keeping the units where they were (infinite when
                // some were in the declined region), and never re-places a unit for nothing.
                Assert.True(double.IsFinite(plan.Objective));
                Assert.True(plan.Objective <= plan.KeptObjective * (1 + 1e-9), $"{plan.Objective} > {plan.KeptObjective}");
                if (plan.Replaced.Count > 0 && double.IsFinite(plan.KeptObjective))
                {
                    Assert.True(plan.Objective < plan.KeptObjective, "moved units without a better objective");
                }
            }, iter: 300);
    }
}
