using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Time.Testing;
using Serverless.Contracts.Plans;
using Serverless.Integration.Tests.Engine;
using Serverless.Orchestrations.Market;
using Serverless.Orchestrations.Ports;
using Serverless.Planning.Market;

namespace Serverless.Integration.Tests.Market;

public sealed class AuctionEngineTests
{
    private static readonly IReadOnlyList<string> Regions = ["westeurope", "northeurope", "eastus"];

    // The in-process engine completes an instance only once its last durable timer (unit timeout + grace) fired:
    // short timeouts keep these tests quick; the units take at most 400 ms.
    private const int TimeoutSeconds = 2;

    private static CancellationToken Deadline(int seconds = 90) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;

    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    private static Func<UnitRunRequest, CancellationToken, Task<UnitRunResult>> Slow(TestDag dag, int ms) => async (request, ct) =>
    {
        await Task.Delay(ms, ct);
        return await dag.RunAsync(request, ct);
    };

    [Fact]
    public async Task RunAsync_ThreeRegionsDifferentPrices_CheapestInstanceWinsEveryUnitAndIsReported()
    {
        var random = new Random(3);
        for (var trial = 0; trial < 2; trial++)
        {
            await using var engine = await MarketEngine.StartAsync(Regions);
            var instances = new Dictionary<string, double>();
            foreach (var region in Regions)
            {
                var price = 0.00001 * (1 + random.Next(1, 50));
                instances[await engine.Market.AddInstanceAsync(region, 8192, 64, price)] = price;
            }

            var cheapest = instances.MinBy(i => i.Value).Key;
            var dag = TestDag.Random(NewId("cheap"), 12, seed: random.Next());
            engine.Runner.Register(dag.FunctionId, dag.RunAsync);

            var outcome = await engine.Engine.RunAsync(dag.Plan(NewId("exec"), 4, Regions, timeoutSeconds: TimeoutSeconds), Deadline());

            Assert.Equal(OrchestrationRuntimeStatus.Completed, outcome.Status);
            Assert.Equal(dag.Reference(4).Result, outcome.Result!.Result!.Value.GetInt64());
            Assert.Equal(12, outcome.Result.Units.Count);
            Assert.All(outcome.Result.Units, u =>
            {
                Assert.Equal(cheapest, u.Instance);
                Assert.Equal(cheapest.Split('/')[0], u.Region);
            });
            Assert.Equal(0, (await engine.Market.StatusAsync(cheapest)).UsedSlots);
        }
    }

    [Fact]
    public async Task RunAsync_CheapestRegionSaturated_OtherUnitsGoToNextBestRegion()
    {
        await using var engine = await MarketEngine.StartAsync(Regions);
        var cheap = await engine.Market.AddInstanceAsync("eastus", 8192, 1, 0.00001);
        var next = await engine.Market.AddInstanceAsync("northeurope", 8192, 64, 0.0001);
        var dear = await engine.Market.AddInstanceAsync("westeurope", 8192, 64, 0.001);
        var dag = new TestDag { FunctionId = NewId("sat"), Predecessors = [[], [], [], [], [], [], [0, 1, 2, 3, 4, 5]] };
        engine.Runner.Register(dag.FunctionId, Slow(dag, 300));

        var outcome = await engine.Engine.RunAsync(dag.Plan(NewId("exec"), 8, Regions, timeoutSeconds: TimeoutSeconds), Deadline());

        Assert.Equal(OrchestrationRuntimeStatus.Completed, outcome.Status);
        Assert.Equal(dag.Reference(8).Result, outcome.Result!.Result!.Value.GetInt64());
        var parallel = outcome.Result.Units.Where(u => u.Id < 6).ToList();
        Assert.Equal(1, parallel.Count(u => u.Instance == cheap));
        Assert.Equal(5, parallel.Count(u => u.Instance == next));
        Assert.DoesNotContain(outcome.Result.Units, u => u.Instance == dear);
        Assert.Equal(cheap, outcome.Result.Units.Single(u => u.Id == 6).Instance);
    }

    [Fact]
    public async Task Autoscaler_BurstThenIdle_AddsInstancesThenRetiresThem_NoUnitLostOrRunTwice()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var engine = await MarketEngine.StartAsync(Regions, clock);
        foreach (var region in Regions)
        {
            await engine.Market.AddInstanceAsync(region, 8192, 1, 0.00001 * (1 + Regions.ToList().IndexOf(region)));
        }

        var policy = new ScalingOptions(
            MinInstances: 1,
            MaxInstances: 4,
            ScaleUpAt: 0.75,
            ScaleDownAt: 0.3,
            ScaleUpCooldown: TimeSpan.FromSeconds(10),
            ScaleDownCooldown: TimeSpan.FromMinutes(1),
            ScaleDownWindow: TimeSpan.FromMinutes(2),
            BacklogPerInstance: 4,
            MaxStep: 4);
        var autoscaler = await engine.Engine.Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(AutoscalerOrchestrator),
            new AutoscalerInput { Regions = [.. Regions.Select(r => new InstanceTemplate(r, 8192, 1, 0.00001))], Policy = policy, IntervalMs = 100 },
            new Microsoft.DurableTask.StartOrchestrationOptions { InstanceId = NewId(AutoscalerOrchestrator.InstanceId) });

        // Simulated time: 5 s of market time per 100 ms.
        using var stopClock = new CancellationTokenSource();
        var ticking = Task.Run(async () =>
        {
            while (!stopClock.IsCancellationRequested)
            {
                clock.Advance(TimeSpan.FromSeconds(5));
                await Task.Delay(100, CancellationToken.None);
            }
        });

        var dags = Enumerable.Range(0, 6).Select(i => new TestDag { FunctionId = NewId("burst"), Predecessors = [[], [], [], [0, 1, 2]] }).ToList();
        foreach (var dag in dags)
        {
            engine.Runner.Register(dag.FunctionId, Slow(dag, 400));
        }

        var options = new ExecutionOptions { FirstRetryDelayMs = 100, MaxRetryDelayMs = 1000 };
        var maxInstances = 0;
        var runs = dags.Select((dag, i) => engine.Engine.RunAsync(dag.Plan(NewId("exec"), i, ["eastus"], options, TimeoutSeconds), Deadline())).ToList();
        while (!runs.All(r => r.IsCompleted))
        {
            maxInstances = Math.Max(maxInstances, await engine.ActiveInstancesAsync("eastus"));
            await Task.Delay(50);
        }

        var outcomes = await Task.WhenAll(runs);
        for (var i = 0; i < dags.Count; i++)
        {
            Assert.Equal(OrchestrationRuntimeStatus.Completed, outcomes[i].Status);
            Assert.Equal(dags[i].Reference(i).Result, outcomes[i].Result!.Result!.Value.GetInt64());
            for (var unit = 0; unit < 4; unit++)
            {
                Assert.Equal(1, engine.Runner.Runs(dags[i].FunctionId, unit));
            }
        }

        Assert.True(maxInstances > 1, $"the autoscaler never added an instance to eastus during the burst (max {maxInstances})");

        // Idle: the simulated clock runs past the scale-in cooldowns; the autoscaler retires down to the minimum.
        using (var idle = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            while (await engine.ActiveInstancesAsync("eastus") > policy.MinInstances)
            {
                await Task.Delay(100, idle.Token);
            }
        }

        await stopClock.CancelAsync();
        await ticking;
        await engine.Engine.Client.RaiseEventAsync(autoscaler, AutoscalerOrchestrator.StopEvent, true);
        var stopped = await engine.Engine.Client.WaitForInstanceCompletionAsync(autoscaler, getInputsAndOutputs: true, Deadline());
        var history = stopped.ReadOutputAs<AutoscalerInput>()!.History.Where(h => h.Region == "eastus").ToList();
        Assert.Contains(history, h => h.Added.Count > 0);
        Assert.Contains(history, h => h.Retired.Count > 0);
        Assert.True(history.Max(h => h.InstancesBefore + h.Added.Count) <= policy.MaxInstances);
        foreach (var region in Regions)
        {
            Assert.True(await engine.ActiveInstancesAsync(region) >= policy.MinInstances);
        }

        Assert.Equal(1, await engine.ActiveInstancesAsync("eastus"));
        foreach (var instance in (await engine.Market.ListAsync())["eastus"])
        {
            Assert.Equal(0, (await engine.Market.StatusAsync(instance)).UsedSlots);
        }
    }
}
