using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Orchestrations.Market;

namespace Serverless.Orchestrations.Tests.Market;

/// <summary>The in-process engine with the in-process market, shared by the contract tests.</summary>
public sealed class InProcessMarketFixture : IAsyncLifetime
{
    public InProcessMarket Market { get; } = new(TimeProvider.System);

    public DurableTaskTestHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var market = new InProcessComputeMarket();
        Host = await DurableTaskTestHost.StartAsync(
            registry =>
            {
                registry.AddOrchestrator(nameof(MarketProbeOrchestrator), () => new MarketProbeOrchestrator(market));
                InProcessComputeMarket.RegisterTasks(registry);
            },
            new DurableTaskTestHostOptions { ConfigureServices = services => services.AddSingleton(Market) });
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

public sealed class InProcessComputeMarketContractTests(InProcessMarketFixture fixture) : ComputeMarketContractTests, IClassFixture<InProcessMarketFixture>
{
    protected override Task<string> AddInstanceAsync(string region, int memoryMb, int slots, double pricePerGbSecond) =>
        fixture.Market.AddInstanceAsync(region, memoryMb, slots, pricePerGbSecond);

    protected override Task RetireAsync(string instance) => fixture.Market.RetireInstanceAsync(instance);

    protected override Task<InstanceStatus> StatusAsync(string instance) => fixture.Market.StatusAsync(instance);

    protected override async Task<int> TakeShortageAsync(string region) => (await fixture.Market.TakeShortageAsync()).GetValueOrDefault(region);

    protected override async Task<MarketProbeResult> RunAuctionAsync(MarketProbe probe)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var id = await fixture.Host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(MarketProbeOrchestrator), probe, timeout.Token);
        var done = await fixture.Host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"probe {done.RuntimeStatus}: {done.FailureDetails?.ErrorMessage}");
        return done.ReadOutputAs<MarketProbeResult>()!;
    }
}
