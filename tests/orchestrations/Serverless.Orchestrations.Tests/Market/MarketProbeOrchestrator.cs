using Microsoft.DurableTask;
using Serverless.Orchestrations.Market;
using Serverless.Orchestrations.Ports;

namespace Serverless.Orchestrations.Tests.Market;

public sealed record MarketProbe(IReadOnlyList<UnitDemand> Demands, bool Release);

public sealed record MarketProbeResult(IReadOnlyList<ComputeBid> Bids, IReadOnlyList<ComputeReservation?> Reservations);

/// <summary>One auction through a market, as the engine's orchestrator runs it: bids, best per demand, reserve, optionally release.</summary>
public sealed class MarketProbeOrchestrator(IComputeMarket market) : TaskOrchestrator<MarketProbe, MarketProbeResult>
{
    public override async Task<MarketProbeResult> RunAsync(TaskOrchestrationContext context, MarketProbe input)
    {
        var bids = await market.RequestBidsAsync(context, input.Demands);
        var winners = input.Demands.Select(d => AuctionComputeMarket.Best(bids, d)).Where(b => b is not null).Select(b => b!).ToList();
        var reservations = winners.Count == 0 ? [] : await market.ReserveAsync(context, winners);
        if (input.Release)
        {
            await market.ReleaseAsync(context, [.. reservations.Where(r => r is not null).Select(r => r!)]);
        }

        return new MarketProbeResult(bids, reservations);
    }
}
