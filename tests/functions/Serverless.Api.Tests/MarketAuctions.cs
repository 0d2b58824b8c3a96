using Serverless.Orchestrations.Market;
using Serverless.Orchestrations.Ports;

namespace Serverless.Api.Tests;

/// <summary>Drives the real in-process market through one auction, as the orchestrator's activities do.</summary>
internal static class MarketAuctions
{
    public const string Region = "westeurope";

    /// <summary>
    /// Adds three instances to <see cref="Region"/> when it has none (a cheap one, a dearer one, and one too small for
    /// the unit, which declines), auctions unit 0 of <paramref name="executionId"/>, reserves the best bid and returns
    /// the winner.
    /// </summary>
    public static async Task<string> RunOneAsync(InProcessMarket market, string executionId, int memoryMb = 256)
    {
        if ((await market.ListAsync([Region])).GetValueOrDefault(Region) is not { Count: > 0 })
        {
            await market.AddInstanceAsync(Region, 4096, 4, 0.000016);
            await market.AddInstanceAsync(Region, 4096, 4, 0.00002);
            await market.AddInstanceAsync(Region, 128, 4, 0.00001);
        }

        var demand = new UnitDemand(executionId, 0, 1, memoryMb, 500, [Region]);
        var bids = await market.BidAsync([demand]);
        var best = AuctionComputeMarket.Best(bids.Select(b => b.Bid), demand, market.Now) ?? throw new InvalidOperationException("no instance bid");
        var version = bids.First(b => ReferenceEquals(b.Bid, best)).Version;
        var held = await market.ReserveAsync([new BidToReserve(best, demand, $"{executionId}/0/1@{best.Instance}", version)]);
        return held[0]?.Instance ?? throw new InvalidOperationException($"{best.Instance} refused the reservation");
    }
}
