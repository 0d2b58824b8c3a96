using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Serverless.Contracts.Plans;
using Serverless.Functions.Engine;
using Serverless.Functions.Market;
using Serverless.Functions.Tests.Execution;
using Serverless.Orchestrations.Market;

namespace Serverless.Functions.Tests.Market;

/// <summary>The timer that starts the autoscaler at app start: once, on the orchestrator role, with the app's regions.</summary>
public sealed class AutoscalerStartupTests
{
    private static MarketFunctions Functions(string role, Dictionary<string, string?>? settings = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton(Options.Create(new ServerlessOptions { Role = role, Region = "westeurope" }));
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings ?? []).Build());
        services.AddSingleton(PlanEnvironment.Default);
        return new MarketFunctions(services.BuildServiceProvider());
    }

    [Theory]
    [InlineData("orchestrator")]
    [InlineData("all")]
    public async Task EnsureAutoscalerAsync_NoInstance_SchedulesTheSingletonWithEveryRegion(string role)
    {
        var client = new FakeDurableTaskClient();

        var started = await Functions(role, new() { ["Serverless:Market:MinInstances"] = "2", ["Serverless:Market:Slots"] = "8" }).EnsureAutoscalerAsync(client, CancellationToken.None);

        Assert.True(started);
        var (name, input, id) = Assert.Single(client.Scheduled);
        Assert.Equal(nameof(AutoscalerOrchestrator), name.Name);
        Assert.Equal(AutoscalerOrchestrator.InstanceId, id);
        var autoscaler = Assert.IsType<AutoscalerInput>(input);
        Assert.Equal(PlanEnvironment.Default.Regions.Select(r => r.Name), autoscaler.Regions.Select(r => r.Region));
        Assert.All(autoscaler.Regions, r => Assert.Equal(8, r.Slots));
        Assert.Equal(2, autoscaler.Policy.MinInstances);
    }

    [Fact]
    public async Task EnsureAutoscalerAsync_TimingSettings_AreThePolicyTheAutoscalerRunsWith()
    {
        // The names serve --autoscale reads from its environment; the Functions app reads them from its app settings.
        var client = new FakeDurableTaskClient();
        await Functions("orchestrator", new()
        {
            ["Serverless:Market:ScaleUpCooldownSeconds"] = "7",
            ["Serverless:Market:ScaleDownCooldownSeconds"] = "11",
            ["Serverless:Market:ScaleDownWindowSeconds"] = "13",
            ["Serverless:Market:BacklogPerInstance"] = "3",
        }).EnsureAutoscalerAsync(client, CancellationToken.None);

        var policy = Assert.IsType<AutoscalerInput>(Assert.Single(client.Scheduled).Input).Policy;
        Assert.Equal(TimeSpan.FromSeconds(7), policy.ScaleUpCooldown);
        Assert.Equal(TimeSpan.FromSeconds(11), policy.ScaleDownCooldown);
        Assert.Equal(TimeSpan.FromSeconds(13), policy.ScaleDownWindow);
        Assert.Equal(3, policy.BacklogPerInstance);
    }

    [Theory]
    [InlineData("ScaleUpCooldownSeconds", "-1")]
    [InlineData("ScaleDownCooldownSeconds", "86401")]
    [InlineData("ScaleDownWindowSeconds", "-5")]
    [InlineData("BacklogPerInstance", "0")]
    public void MarketSettings_TimingOutOfRange_IsAProblemNamingTheSetting(string name, string value)
    {
        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [$"Serverless:Market:{name}"] = value })
            .Build().GetSection(MarketSettings.Section).Get<MarketSettings>()!;
        Assert.Contains(settings.Problems(), p => p.StartsWith($"Serverless__Market__{name} is {value};", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(OrchestrationRuntimeStatus.Running, false)]
    [InlineData(OrchestrationRuntimeStatus.Pending, false)]
    [InlineData(OrchestrationRuntimeStatus.Suspended, false)]
    [InlineData(OrchestrationRuntimeStatus.Completed, true)]
    [InlineData(OrchestrationRuntimeStatus.Failed, true)]
    [InlineData(OrchestrationRuntimeStatus.Terminated, true)]
    public async Task EnsureRunningAsync_ExistingInstance_SchedulesOnlyWhenItEnded(OrchestrationRuntimeStatus status, bool expected)
    {
        var client = new FakeDurableTaskClient();
        client.Instances[AutoscalerOrchestrator.InstanceId] = new OrchestrationMetadata(nameof(AutoscalerOrchestrator), AutoscalerOrchestrator.InstanceId) { RuntimeStatus = status };

        var started = await Functions("orchestrator").EnsureAutoscalerAsync(client, CancellationToken.None);

        Assert.Equal(expected, started);
        Assert.Equal(expected ? 1 : 0, client.Scheduled.Count);
    }

    [Fact]
    public async Task EnsureAutoscalerAsync_RegionalRole_SchedulesNothing()
    {
        var client = new FakeDurableTaskClient();

        Assert.False(await Functions("regional").EnsureAutoscalerAsync(client, CancellationToken.None));
        Assert.Empty(client.Scheduled);
    }

    [Fact]
    public async Task EnsureAutoscalerAsync_InvalidBounds_ErrorNamesTheSettings()
    {
        var client = new FakeDurableTaskClient();

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => Functions("orchestrator", new() { ["Serverless:Market:MinInstances"] = "5", ["Serverless:Market:MaxInstances"] = "2" }).EnsureAutoscalerAsync(client, CancellationToken.None));

        Assert.Contains("Serverless:Market", ex.Message, StringComparison.Ordinal);
        Assert.Contains("MinInstances 5", ex.Message, StringComparison.Ordinal);
        Assert.Empty(client.Scheduled);
    }
}
