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
