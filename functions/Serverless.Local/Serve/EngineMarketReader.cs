using Serverless.Api.Contracts;
using Serverless.Api.Market;
using Serverless.Contracts.Plans;
using Serverless.Orchestrations.Market;
using Serverless.Planning.Market;

namespace Serverless.Local.Serve;

/// <summary>
/// <c>GET /api/market</c> on serve: the entities of <see cref="EngineHost.Market"/> (the in-process market the engine
/// auctions in) and the autoscaler's history from the engine's client, when an autoscaler runs there.
/// </summary>
internal sealed class EngineMarketReader(EngineHost host, PlanEnvironment environment) : IMarketReader
{
    public async Task<MarketSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        var market = host.Market;
        var directory = market.Host.GetState<ComputeDirectoryState>(ComputeDirectory.Id)?.Instances ?? new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var instances = new Dictionary<string, ComputeInstanceState>(StringComparer.Ordinal);
        foreach (var id in directory.Values.SelectMany(i => i))
        {
            if (market.Host.GetState<ComputeInstanceState>(ComputeInstance.Id(id)) is { } state)
            {
                instances[id] = state;
            }
        }

        // Before the engine has started (or after it stopped) there is no autoscaler to ask.
        var history = host.Running is { } engine ? await AutoscalerHistory.ReadAsync(engine.Client, cancellationToken).ConfigureAwait(false) : [];
        return MarketSnapshots.Build(market.Now, directory, instances, history, environment.Regions.Select(r => r.Name));
    }
}
