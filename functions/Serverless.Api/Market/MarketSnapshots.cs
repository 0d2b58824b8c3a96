using Serverless.Api.Contracts;
using Serverless.Orchestrations.Market;
using Serverless.Planning.Market;

namespace Serverless.Api.Market;

/// <summary>
/// Builds the <see cref="MarketSnapshot"/> from what the market stores, the same on every host: the directory (active
/// instances per region), each instance's state (capacity, reservations, recent bids) and the autoscaler's history.
/// Auctions are the instances' recent bids grouped by execution, unit and attempt (each instance's latest answer).
/// </summary>
public static class MarketSnapshots
{
    /// <summary>How many auctions and scaling decisions a snapshot lists.</summary>
    public const int RecentLimit = 20;

    /// <summary>
    /// The snapshot at <paramref name="now"/> (expired leases not counted). <paramref name="regions"/> lists regions to
    /// show even without instances; <paramref name="instances"/> holds the state of the directory's instances (one
    /// missing is shown empty).
    /// </summary>
    public static MarketSnapshot Build(
        DateTimeOffset now,
        IReadOnlyDictionary<string, List<string>> directory,
        IReadOnlyDictionary<string, ComputeInstanceState> instances,
        IReadOnlyList<ScalingRecord> history,
        IEnumerable<string>? regions = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(instances);
        ArgumentNullException.ThrowIfNull(history);
        var names = directory.Keys.Concat(regions ?? []).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var result = new List<MarketRegion>();
        var bids = new List<(string Instance, string Region, BidRecord Bid)>();
        foreach (var region in names)
        {
            var bidders = new List<MarketBidder>();
            foreach (var id in directory.GetValueOrDefault(region, []).Order(StringComparer.Ordinal))
            {
                var state = instances.GetValueOrDefault(id) ?? new ComputeInstanceState { InstanceId = id, Region = region };
                state.Expire(now);
                bidders.Add(new MarketBidder(id, region, state.Slots, state.Reservations.Count, state.MemoryMb, state.ReservedMemoryMb, state.Utilisation, state.BasePricePerGbSecond, state.Retired));
                bids.AddRange(state.RecentBids.Select(b => (id, region, b)));
            }

            result.Add(new MarketRegion(region, bidders.Count == 0 ? 0 : bidders.Average(b => b.Utilisation), bidders));
        }

        var auctions = bids
            .GroupBy(b => (b.Bid.ExecutionId, b.Bid.UnitId, b.Bid.Attempt))
            .Select(g =>
            {
                var latest = g.GroupBy(b => b.Instance, StringComparer.Ordinal)
                    .Select(i => i.OrderBy(b => b.Bid.At).Last())
                    .OrderBy(b => b.Bid.Accepted ? 0 : 1).ThenBy(b => b.Bid.Price).ThenBy(b => b.Instance, StringComparer.Ordinal)
                    .ToList();
                var won = latest.FindIndex(b => b.Bid.Won);
                return new MarketAuction(
                    g.Key.ExecutionId,
                    g.Key.UnitId,
                    g.Key.Attempt,
                    latest[Math.Max(0, won)].Region,
                    latest.Max(b => b.Bid.At),
                    won >= 0 ? latest[won].Instance : null,
                    latest.Count(b => !b.Bid.Accepted),
                    [.. latest.Select(b => new MarketBid(b.Instance, b.Region, b.Bid.At, b.Bid.Accepted, b.Bid.Accepted ? b.Bid.Price : null, b.Bid.Accepted ? b.Bid.StartDelayMs : null, b.Bid.DeclineReason, b.Bid.Won))]);
            })
            .OrderByDescending(a => a.At).ThenBy(a => a.Execution, StringComparer.Ordinal).ThenBy(a => a.Unit).ThenBy(a => a.Attempt)
            .Take(RecentLimit)
            .ToList();

        var scaling = history
            .OrderByDescending(r => r.At)
            .Take(RecentLimit)
            .Select(r => new MarketScalingDecision(r.At, r.Region, r.InstancesBefore, r.InstancesBefore + r.Added.Count - r.Retired.Count, r.Added, r.Retired, r.Reason))
            .ToList();
        return new MarketSnapshot(now, result, auctions, scaling);
    }
}
