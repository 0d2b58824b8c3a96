using Microsoft.Extensions.DependencyInjection;
using Serverless.Integration.Tests.Engine;
using Serverless.Local.Engine;
using Serverless.Orchestrations.Market;

namespace Serverless.Integration.Tests.Market;

/// <summary>An embedded engine whose orchestrator auctions every unit on an in-process market (with its own clock), plus the autoscaler.</summary>
public sealed class MarketEngine : IAsyncDisposable
{
    private MarketEngine(EmbeddedEngine engine, InProcessMarket market, ScriptedRunner runner)
    {
        Engine = engine;
        Market = market;
        Runner = runner;
    }

    public EmbeddedEngine Engine { get; }

    public InProcessMarket Market { get; }

    public ScriptedRunner Runner { get; }

    public static async Task<MarketEngine> StartAsync(IReadOnlyList<string> regions, TimeProvider? time = null)
    {
        var market = new InProcessMarket(time ?? TimeProvider.System);
        var runner = new ScriptedRunner();
        var engine = await EmbeddedEngine.StartAsync(
            runner,
            new EmbeddedEngineOptions
            {
                Regions = regions,
                ConfigureTasks = registry =>
                {
                    InProcessComputeMarket.RegisterTasks(registry);
                    InProcessComputeFleet.RegisterTasks(registry);
                    registry.AddOrchestrator(nameof(AutoscalerOrchestrator), () => new AutoscalerOrchestrator(new InProcessComputeFleet()));
                },
                ConfigureServices = services => services.AddSingleton(market),
            },
            market: new InProcessComputeMarket(),
            loggerFactory: EngineFixture.LoggerFactory);
        return new MarketEngine(engine, market, runner);
    }

    public async Task<int> ActiveInstancesAsync(string region) => (await Market.ListAsync([region])).GetValueOrDefault(region, []).Count;

    public ValueTask DisposeAsync() => Engine.DisposeAsync();
}
