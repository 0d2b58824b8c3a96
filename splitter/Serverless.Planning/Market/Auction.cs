namespace Serverless.Planning.Market;

/// <summary>
/// Winner selection: the accepted, unexpired bid that minimises the planner's objective for the unit, i.e.
/// bid price + egress of its inputs to the bid's region + latency weight × expected finish (ready time, input
/// transfer, the instance's start delay, the region's dispatch latency, the instance's duration). Ties (within
/// 1e-9 relative) go to the lower price, then to the ordinal-smallest instance id: deterministic.
/// </summary>
public static class Auction
{
    /// <summary>The objective of giving the unit to <paramref name="bid"/>'s instance (lower is better).</summary>
    public static double Score(BidResult bid, AuctionContext context)
    {
        var (transferCost, finish) = Estimate(bid, context);
        return bid.Price + transferCost + (context.LatencyWeight * finish / 1000.0);
    }

    /// <summary>The unit's expected finish on <paramref name="bid"/>'s instance, in ms after the auction: ready time,
    /// input transfer, start delay, the region's dispatch latency and the instance's duration (what <see cref="Score"/> weighs).</summary>
    public static double ExpectedFinishMs(BidResult bid, AuctionContext context) => Estimate(bid, context).FinishMs;

    private static (double TransferCost, double FinishMs) Estimate(BidResult bid, AuctionContext context)
    {
        ArgumentNullException.ThrowIfNull(bid);
        ArgumentNullException.ThrowIfNull(context);
        var network = context.Environment.Network;
        double transferCost = 0, arrival = 0;
        foreach (var input in context.Inputs)
        {
            if (input.Location == bid.Region)
            {
                continue;
            }

            var latency = NetworkLookup.Find(network.LatencyMs, input.Location, bid.Region)
                ?? throw new ArgumentException($"network.latencyMs has no value between {input.Location} and {bid.Region}", nameof(context));
            var egress = NetworkLookup.Find(network.EgressPricePerGb, input.Location, bid.Region)
                ?? throw new ArgumentException($"network.egressPricePerGb has no value between {input.Location} and {bid.Region}", nameof(context));
            transferCost += input.Bytes / 1e9 * egress;
            arrival = Math.Max(arrival, latency + (input.Bytes * 8.0 / (network.BandwidthMbps * 1000.0)));
        }

        var dispatch = context.Environment.Regions.FirstOrDefault(r => r.Name == bid.Region)?.DispatchLatencyMs ?? 0;
        return (transferCost, context.ReadyAtMs + arrival + bid.ExpectedStartDelayMs + dispatch + bid.ExpectedDurationMs);
    }

    /// <summary>The winning bid, or null when every bid declined or expired.</summary>
    public static BidResult? SelectWinner(IReadOnlyList<BidResult> bids, AuctionContext context, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(bids);
        BidResult? best = null;
        double bestScore = 0;
        foreach (var bid in bids)
        {
            if (!bid.Accepted || bid.ExpiresAt <= now)
            {
                continue;
            }

            var score = Score(bid, context);
            if (best is null || IsBetter(score, bid, bestScore, best))
            {
                best = bid;
                bestScore = score;
            }
        }

        return best;
    }

    private static bool IsBetter(double score, BidResult bid, double bestScore, BidResult best)
    {
        var tol = (1e-9 * Math.Abs(bestScore)) + 1e-15;
        if (score < bestScore - tol)
        {
            return true;
        }

        if (score > bestScore + tol)
        {
            return false;
        }

        if (bid.Price != best.Price)
        {
            return bid.Price < best.Price;
        }

        return string.CompareOrdinal(bid.InstanceId, best.InstanceId) < 0;
    }
}
