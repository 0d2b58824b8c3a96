using Microsoft.DurableTask.Client;
using Serverless.Contracts.Plans;
using Serverless.Orchestrations.Market;
using Serverless.Orchestrations.Ports;
using Serverless.Planning.Market;

namespace Serverless.Integration.Tests.Market;

/// <summary>The autoscaler reads each region's work-queue backlog: queued work grows a region whose instances sit idle.</summary>
public sealed class BacklogAutoscalerTests
{
    [Fact]
    public async Task Autoscaler_BacklogOnIdleRegion_AddsInstancesThere()
    {
        // Workers only for westeurope: whatever is queued on work-eastus stays there.
        await using var engine = await MarketEngine.StartAsync(["westeurope"]);
        await engine.Market.AddInstanceAsync("westeurope", 8192, 4, 0.00001);
        await engine.Market.AddInstanceAsync("eastus", 8192, 4, 0.00001);
        const int queued = 12;
        for (var i = 0; i < queued; i++)
        {
            await engine.Engine.Bus.SendAsync(QueueNames.Work("eastus"), new BusMessage($"stuck-{i}", new byte[] { 1, 2, 3 }));
        }

        var policy = ScalingOptions.Default with { MinInstances = 1, MaxInstances = 6, BacklogPerInstance = 4, MaxStep = 4 };
        var id = $"{AutoscalerOrchestrator.InstanceId}-{Guid.NewGuid():N}";
        await engine.Engine.Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(AutoscalerOrchestrator),
            new AutoscalerInput { Regions = [new InstanceTemplate("westeurope", 8192, 4, 0.00001), new InstanceTemplate("eastus", 8192, 4, 0.00001)], Policy = policy, IntervalMs = 200 },
            new Microsoft.DurableTask.StartOrchestrationOptions { InstanceId = id });

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await engine.ActiveInstancesAsync("eastus") < 3)
        {
            await Task.Delay(100, deadline.Token);
        }

        await engine.Engine.Client.RaiseEventAsync(id, AutoscalerOrchestrator.StopEvent, true);
        var stopped = await engine.Engine.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, deadline.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, stopped.RuntimeStatus);
        var history = stopped.ReadOutputAs<AutoscalerInput>()!.History;
        var grew = Assert.Single(history, h => h.Region == "eastus" && h.Added.Count > 0);
        Assert.Equal(2, grew.Added.Count); // ceil(12 / 4) = 3 instances wanted, 1 there.
        Assert.Contains($"backlog {queued}", grew.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(history, h => h.Region == "westeurope" && h.Added.Count > 0);
        foreach (var instance in (await engine.Market.ListAsync(["eastus"]))["eastus"])
        {
            Assert.Equal(0, (await engine.Market.StatusAsync(instance)).UsedSlots);
        }
    }
}
