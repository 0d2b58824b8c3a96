using CsCheck;
using Microsoft.DurableTask.Client;
using Serverless.Contracts.Plans;
using Serverless.Integration.Tests.Engine;

namespace Serverless.Integration.Tests.Market;

/// <summary>Plan version 4 on the in-process market: the plan decides the region, the auction the instance; a unit
/// leaves its planned region only with a recorded re-plan.</summary>
public sealed class ReplanEngineTests
{
    private static readonly IReadOnlyList<string> Regions = ["westeurope", "northeurope", "eastus"];

    // See AuctionEngineTests: short timeouts keep the in-process engine quick.
    private const int TimeoutSeconds = 2;

    private static CancellationToken Deadline(int seconds = 90) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;

    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    private static ExecutionPlan V4(ExecutionPlan plan) => plan with { Version = 4 };

    /// <summary>Two regions on one network, alike but for price, so the re-plan's choices follow the declines and delays.</summary>
    private static readonly PlanEnvironment TwoRegions = new(
        "westeurope",
        [
            new RegionSpec("westeurope", 0.00001, 0.0000002, 1, 8192, 10, 5),
            new RegionSpec("northeurope", 0.00002, 0.0000002, 1, 8192, 10, 5),
        ],
        new NetworkSpec(
            new Dictionary<string, IReadOnlyDictionary<string, double>> { ["westeurope"] = new Dictionary<string, double> { ["northeurope"] = 20 } },
            new Dictionary<string, IReadOnlyDictionary<string, double>> { ["westeurope"] = new Dictionary<string, double> { ["northeurope"] = 0.02 } },
            1000));

    /// <summary>A version 5 plan over <see cref="TwoRegions"/>: every unit planned in <paramref name="planned"/>, the
    /// other region its fallback, 100 ms of work each.</summary>
    private static ExecutionPlan V5(TestDag dag, string planned, ExecutionOptions? options = null) =>
        dag.Plan(NewId("exec"), 4, ["westeurope", "northeurope"], options ?? new ExecutionOptions { FirstRetryDelayMs = 50, ReplanAfterCapacityWaits = 1 }, timeoutSeconds: TimeoutSeconds) with
        {
            Version = 5,
            Environment = TwoRegions,
            LatencyWeight = 0.001,
            Units = [.. dag.Plan("x", 4, ["westeurope"]).Units.Select(u => u with
            {
                Region = planned,
                FallbackRegions = [planned == "westeurope" ? "northeurope" : "westeurope"],
                EstimatedWorkMs = 100,
                TimeoutSeconds = TimeoutSeconds,
            })],
        };

    /// <summary>The region a unit must have run in: where the last replan naming it (as the moved unit or a re-placed
    /// one) put it, else its planned region.</summary>
    private static string ExpectedRegion(ExecutionPlan plan, IReadOnlyList<Replan> replans, int unitId)
    {
        var region = plan.Units.Single(u => u.Id == unitId).Region;
        foreach (var r in replans)
        {
            if (r.UnitId == unitId)
            {
                region = r.ToRegion;
            }
            else if (r.Replaced?.FirstOrDefault(x => x.UnitId == unitId) is { } replaced)
            {
                Assert.Equal(region, replaced.FromRegion);
                region = replaced.ToRegion;
            }
        }

        return region;
    }

    [Fact]
    public async Task RunAsync_V5PlannedRegionDeclines_RestOfTheChainIsReplannedAtTheFirstMove()
    {
        await using var engine = await MarketEngine.StartAsync(Regions);
        // westeurope's only instance is too small for a 512 MB unit: every unit planned there would move on its own.
        await engine.Market.AddInstanceAsync("westeurope", 256, 64, 0.00001);
        await engine.Market.AddInstanceAsync("northeurope", 8192, 64, 0.0001);
        var dag = new TestDag { FunctionId = NewId("chain"), Predecessors = [[], [0], [1], [2]] };
        engine.Runner.Register(dag.FunctionId, dag.RunAsync);
        var plan = V5(dag, "westeurope");

        var v5 = await engine.Engine.RunAsync(plan, Deadline());
        var v4 = await engine.Engine.RunAsync(plan with { ExecutionId = NewId("exec"), Version = 4 }, Deadline());

        Assert.Equal(OrchestrationRuntimeStatus.Completed, v5.Status);
        Assert.Equal(dag.Reference(4).Result, v5.Result!.Result!.Value.GetInt64());
        var replan = Assert.Single(v5.Result.Replans!);
        Assert.Equal((0, Replan.Declined, "westeurope", "northeurope"), (replan.UnitId, replan.Reason, replan.FromRegion, replan.ToRegion));
        Assert.Equal([new ReplacedUnit(1, "westeurope", "northeurope"), new ReplacedUnit(2, "westeurope", "northeurope"), new ReplacedUnit(3, "westeurope", "northeurope")], replan.Replaced);
        Assert.True(replan.OldMakespanMs > 400 && replan.NewMakespanMs > replan.ElapsedMs + 400, $"makespan {replan.OldMakespanMs} planned, {replan.NewMakespanMs} re-planned at {replan.ElapsedMs}");
        Assert.All(v5.Result.Units, u => Assert.Equal("northeurope", u.Region));

        // Version 4 moves each unit on its own, after its own declined rounds.
        Assert.Equal(OrchestrationRuntimeStatus.Completed, v4.Status);
        Assert.Equal([0, 1, 2, 3], v4.Result!.Replans!.Select(r => r.UnitId));
        Assert.All(v4.Result.Replans!, r => Assert.Null(r.Replaced));
    }

    [Fact]
    public async Task RunAsync_V5PlannedRegionsBestBidStartsPastTheSlack_UnitMovesForStartDelayAndTheRestFollows()
    {
        await using var engine = await MarketEngine.StartAsync(Regions);
        // westeurope has one instance of two slots; another execution's long unit holds one, so its bids start half a
        // contention delay (50 ms) late: past a 10 ms slack.
        await engine.Market.AddInstanceAsync("westeurope", 8192, 2, 0.00001);
        await engine.Market.AddInstanceAsync("northeurope", 8192, 64, 0.0001);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var blocker = new TestDag { FunctionId = NewId("blocker"), Predecessors = [[]] };
        engine.Runner.Register(blocker.FunctionId, async (request, ct) =>
        {
            holding.TrySetResult();
            await release.Task.WaitAsync(ct);
            return await blocker.RunAsync(request, ct);
        });
        var blocked = engine.Engine.RunAsync(blocker.Plan(NewId("block"), 4, ["westeurope"], timeoutSeconds: 60) with { Version = 5 }, Deadline());
        await holding.Task.WaitAsync(Deadline());

        var dag = new TestDag { FunctionId = NewId("delay"), Predecessors = [[], [0], [0], [1, 2]] };
        engine.Runner.Register(dag.FunctionId, dag.RunAsync);
        var plan = V5(dag, "westeurope", new ExecutionOptions { FirstRetryDelayMs = 50, ReplanSlackFloorMs = 10, ReplanSlackFraction = 0 });
        var outcome = await engine.Engine.RunAsync(plan, Deadline());
        release.SetResult();
        await blocked;

        Assert.Equal(OrchestrationRuntimeStatus.Completed, outcome.Status);
        Assert.Equal(dag.Reference(4).Result, outcome.Result!.Result!.Value.GetInt64());
        var first = outcome.Result.Replans![0];
        Assert.Equal((0, Replan.StartDelay, "westeurope", "northeurope"), (first.UnitId, first.Reason, first.FromRegion, first.ToRegion));
        Assert.True(first.NewMakespanMs > 0 && first.OldMakespanMs > 0);

        // The rest is re-planned with westeurope's delay: the units that follow go to northeurope with unit 0's output.
        Assert.Equal([1, 2, 3], first.Replaced!.Select(r => r.UnitId));
        foreach (var ran in outcome.Result.Units)
        {
            Assert.Equal(ExpectedRegion(plan, outcome.Result.Replans, ran.Id), ran.Region);
        }
    }

    [Fact]
    public void RunAsync_V5RandomPlansAndMarkets_EveryUnitRunsWhereThePlanOrTheLastReplanNamingItPutIt()
    {
        // Each case: a random DAG planned over both regions; each region's instance fits the units or declines them
        // all (at least one fits). Units not started when one moves are re-placed; every unit must run where the
        // plan, or the last replan naming it, put it.
        var gen = Gen.Select(Gen.Int[1, 6], Gen.Int[0, 1 << 20], Gen.Bool.Array[2], Gen.Int[0, 63]);
        gen.Sample(
            (units, seed, fits, planned) =>
            {
                fits[seed % 2] = true;
                RunV5CaseAsync(units, seed, fits, planned).GetAwaiter().GetResult();
            },
            iter: 4,
            threads: 1);
    }

    private static async Task RunV5CaseAsync(int units, int seed, bool[] fits, int planned)
    {
        string[] two = ["westeurope", "northeurope"];
        await using var engine = await MarketEngine.StartAsync(Regions);
        for (var r = 0; r < two.Length; r++)
        {
            await engine.Market.AddInstanceAsync(two[r], fits[r] ? 8192 : 256, 64, 0.00001 * (r + 1));
        }

        var dag = TestDag.Random(NewId("prop5"), units, seed);
        engine.Runner.Register(dag.FunctionId, dag.RunAsync);
        var plan = V5(dag, "westeurope");
        plan = plan with { Units = [.. plan.Units.Select(u => ((planned >> u.Id) & 1) == 0 ? u : u with { Region = "northeurope", FallbackRegions = ["westeurope"] })] };

        var outcome = await engine.Engine.RunAsync(plan, Deadline());

        Assert.Equal(OrchestrationRuntimeStatus.Completed, outcome.Status);
        Assert.Equal(dag.Reference(4).Result, outcome.Result!.Result!.Value.GetInt64());
        var replans = outcome.Result.Replans!;
        Assert.All(replans, r => Assert.NotNull(r.NewMakespanMs));
        foreach (var ran in outcome.Result.Units)
        {
            Assert.Equal(ExpectedRegion(plan, replans, ran.Id), ran.Region);

            // Nothing runs where no instance fits: a re-plan never puts a unit in a region that declined.
            Assert.True(fits[Array.IndexOf(two, ran.Region)], $"unit {ran.Id} ran in {ran.Region}");
        }
    }

    [Fact]
    public async Task RunAsync_PlannedRegionDeclinesEveryUnit_UnitMovesToFallbackWithOneReplan()
    {
        await using var engine = await MarketEngine.StartAsync(Regions);
        // westeurope's only instance is too small for a 512 MB unit: it declines every bid.
        await engine.Market.AddInstanceAsync("westeurope", 256, 64, 0.00001);
        var fallback = await engine.Market.AddInstanceAsync("northeurope", 8192, 64, 0.0001);
        await engine.Market.AddInstanceAsync("eastus", 8192, 64, 0.001);
        var dag = new TestDag { FunctionId = NewId("declined"), Predecessors = [[]] };
        engine.Runner.Register(dag.FunctionId, dag.RunAsync);
        var plan = V4(dag.Plan(NewId("exec"), 4, Regions, timeoutSeconds: TimeoutSeconds));

        var outcome = await engine.Engine.RunAsync(plan, Deadline());

        Assert.Equal(OrchestrationRuntimeStatus.Completed, outcome.Status);
        Assert.Equal(dag.Reference(4).Result, outcome.Result!.Result!.Value.GetInt64());
        var unit = Assert.Single(outcome.Result.Units);
        Assert.Equal(fallback, unit.Instance);
        var replan = Assert.Single(outcome.Result.Replans!);
        Assert.Equal((0, 1, Replan.Declined, "westeurope", "northeurope"), (replan.UnitId, replan.Attempt, replan.Reason, replan.FromRegion, replan.ToRegion));
        Assert.True(replan.NewEstimateMs > 0 && replan.OldEstimateMs > 0, $"estimates {replan.OldEstimateMs} -> {replan.NewEstimateMs}");
    }

    [Fact]
    public async Task RunAsync_CheaperInstanceInAFallbackRegion_V4UnitsStayInTheirPlannedRegion_V1MovesThem()
    {
        await using var engine = await MarketEngine.StartAsync(Regions);
        var planned = await engine.Market.AddInstanceAsync("westeurope", 8192, 64, 0.001);
        var cheap = await engine.Market.AddInstanceAsync("northeurope", 8192, 64, 0.00001);
        var dag = new TestDag { FunctionId = NewId("stay"), Predecessors = [[], [0], [0], [1, 2]] };
        engine.Runner.Register(dag.FunctionId, dag.RunAsync);
        var plan = dag.Plan(NewId("exec"), 4, ["westeurope", "northeurope"], timeoutSeconds: TimeoutSeconds);
        plan = plan with { Units = [.. plan.Units.Select(u => u with { Region = "westeurope", FallbackRegions = ["northeurope"] })] };

        var v4 = await engine.Engine.RunAsync(V4(plan), Deadline());
        var v1 = await engine.Engine.RunAsync(plan with { ExecutionId = NewId("exec") }, Deadline());

        Assert.Equal(OrchestrationRuntimeStatus.Completed, v4.Status);
        Assert.All(v4.Result!.Units, u => Assert.Equal(planned, u.Instance));
        Assert.Empty(v4.Result.Replans!);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, v1.Status);
        Assert.All(v1.Result!.Units, u => Assert.Equal(cheap, u.Instance));
        Assert.Null(v1.Result.Replans);
    }

    [Fact]
    public void RunAsync_RandomPlansAndMarkets_EveryUnitRunsInItsPlannedRegionUnlessAReplanNamesIt()
    {
        // A market per case: each region has an instance that fits the units or one that declines them all (at least
        // one region fits), at a random price; a random DAG spread over the regions.
        var gen = Gen.Select(Gen.Int[1, 6], Gen.Int[0, 1 << 20], Gen.Bool.Array[Regions.Count], Gen.Int[1, 100].Array[Regions.Count]);
        gen.Sample(
            (units, seed, fits, prices) =>
            {
                fits[seed % Regions.Count] = true;
                RunCaseAsync(units, seed, fits, prices).GetAwaiter().GetResult();
            },
            iter: 4,
            threads: 1);
    }

    private static async Task RunCaseAsync(int units, int seed, bool[] fits, int[] prices)
    {
        await using var engine = await MarketEngine.StartAsync(Regions);
        for (var r = 0; r < Regions.Count; r++)
        {
            await engine.Market.AddInstanceAsync(Regions[r], fits[r] ? 8192 : 256, 64, 0.00001 * prices[r]);
        }

        var dag = TestDag.Random(NewId("prop"), units, seed);
        engine.Runner.Register(dag.FunctionId, dag.RunAsync);
        var plan = V4(dag.Plan(NewId("exec"), 4, Regions, new ExecutionOptions { FirstRetryDelayMs = 50, ReplanAfterCapacityWaits = 1 }, timeoutSeconds: TimeoutSeconds));

        var outcome = await engine.Engine.RunAsync(plan, Deadline());

        Assert.Equal(OrchestrationRuntimeStatus.Completed, outcome.Status);
        Assert.Equal(dag.Reference(4).Result, outcome.Result!.Result!.Value.GetInt64());
        var replans = outcome.Result.Replans!;
        foreach (var ran in outcome.Result.Units)
        {
            var plannedRegion = plan.Units.Single(u => u.Id == ran.Id).Region;
            var moved = replans.Where(r => r.UnitId == ran.Id).ToList();
            if (moved.Count == 0)
            {
                Assert.Equal(plannedRegion, ran.Region);
            }
            else
            {
                Assert.Equal(plannedRegion, moved[0].FromRegion);
                Assert.Equal(ran.Region, moved[^1].ToRegion);
            }

            // A unit planned where an instance fits never moves; one planned where none fits always does.
            Assert.Equal(!fits[Regions.ToList().IndexOf(plannedRegion)], moved.Count > 0);
        }
    }
}
