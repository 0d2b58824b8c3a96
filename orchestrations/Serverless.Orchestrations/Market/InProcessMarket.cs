using Serverless.Orchestrations.Ports;

namespace Serverless.Orchestrations.Market;

/// <summary>
/// The compute market of the embedded engine: <see cref="ComputeDirectory"/> and <see cref="ComputeInstance"/>
/// entities driven by an <see cref="InProcessEntityHost"/>, with the time of every operation taken from a
/// <see cref="TimeProvider"/> (the system clock, or a fake one to simulate time). Activities call it; the
/// orchestrators reach it through <see cref="InProcessComputeMarket"/> and <see cref="InProcessComputeFleet"/>.
/// </summary>
public sealed class InProcessMarket(TimeProvider time)
{
    public InProcessEntityHost Host { get; } = new InProcessEntityHost()
        .Register(ComputeInstance.EntityName, () => new ComputeInstance())
        .Register(ComputeDirectory.EntityName, () => new ComputeDirectory());

    public TimeProvider Time { get; } = time;

    public DateTimeOffset Now => Time.GetUtcNow();

    /// <summary>Adds an instance (directory entry plus a configured entity) and returns its name.</summary>
    public async Task<string> AddInstanceAsync(string region, int memoryMb, int slots, double pricePerGbSecond) =>
        (await Host.CallAsync<string>(ComputeDirectory.Id, nameof(ComputeDirectory.Add), new InstanceConfiguration(region, memoryMb, slots, pricePerGbSecond, Now)).ConfigureAwait(false))!;

    public async Task RetireInstanceAsync(string instance) =>
        await Host.CallAsync(ComputeDirectory.Id, nameof(ComputeDirectory.Remove), instance).ConfigureAwait(false);

    /// <summary>Active instances per region (all regions when none are given).</summary>
    public async Task<Dictionary<string, List<string>>> ListAsync(IReadOnlyList<string>? regions = null) =>
        await Host.CallAsync<Dictionary<string, List<string>>>(ComputeDirectory.Id, nameof(ComputeDirectory.List), regions ?? []).ConfigureAwait(false) ?? [];

    public async Task<InstanceStatus> StatusAsync(string instance) =>
        (await Host.CallAsync<InstanceStatus>(ComputeInstance.Id(instance), nameof(ComputeInstance.Status), Now).ConfigureAwait(false))!;

    /// <summary>
    /// Bids of every instance of every region of each demand: one <c>BidMany</c> operation per instance (instances in
    /// parallel); demands nobody accepted are reported as a shortage of their first region.
    /// </summary>
    public async Task<IReadOnlyList<VersionedBid>> BidAsync(IReadOnlyList<UnitDemand> demands)
    {
        ArgumentNullException.ThrowIfNull(demands);
        var now = Now;
        var directory = await ListAsync([.. demands.SelectMany(d => d.Regions).Distinct()]).ConfigureAwait(false);
        var asks = demands.SelectMany(d => d.Regions.Distinct().SelectMany(r => directory.GetValueOrDefault(r, []).Select(i => (Demand: d, Region: r, Instance: i)))).ToList();
        var perInstance = asks.GroupBy(a => a.Instance, StringComparer.Ordinal).ToList();
        var answers = await Task.WhenAll(perInstance.Select(async g =>
        {
            var list = g.ToList();
            var bids = await Host.CallAsync<List<InstanceBid>>(
                ComputeInstance.Id(g.Key),
                nameof(ComputeInstance.BidMany),
                list.Select(a => new InstanceBidRequest(a.Demand.ExecutionId, a.Demand.UnitId, a.Demand.Attempt, a.Demand.MemoryMb, AuctionComputeMarket.PricedWorkMs(a.Demand), now)).ToList()).ConfigureAwait(false) ?? [];
            return list.Zip(bids, (a, bid) => bid.Accepted ? new VersionedBid(new ComputeBid(a.Demand.UnitId, a.Demand.Attempt, a.Region, a.Instance, bid.Price, bid.StartDelayMs, bid.ExpiresAt, bid.DurationMs), bid.Version, now) : null);
        })).ConfigureAwait(false);
        var bids = answers.SelectMany(a => a).Where(b => b is not null).Select(b => b!).ToList();
        var answered = bids.Select(b => (b.Bid.UnitId, b.Bid.Attempt)).ToHashSet();
        await RecordShortageAsync([.. demands.Where(d => !answered.Contains((d.UnitId, d.Attempt)))]).ConfigureAwait(false);
        return bids;
    }

    /// <summary>
    /// One auction round in one call: releases the round's leases, asks for bids, and already reserves for each demand
    /// the bid the orchestrator will choose (<see cref="AuctionComputeMarket.Best"/> over the same bids and pricing),
    /// so reserving the winner costs no further round trip. When an instance refuses a hold (this round's other
    /// demands took its capacity) its bid is withdrawn and the demand's next best is held; the bids returned are those
    /// still standing, so the orchestrator's choice is the held one. Demands left without any bid are a shortage.
    /// </summary>
    public async Task<AuctionRoundResult> AuctionAsync(AuctionRound round)
    {
        ArgumentNullException.ThrowIfNull(round);
        if (round.Release.Count > 0)
        {
            await ReleaseAsync(round.Release).ConfigureAwait(false);
        }

        var demands = round.PricedDemands();
        if (demands.Count == 0)
        {
            return new AuctionRoundResult([], []);
        }

        var standing = (await BidAsync(demands).ConfigureAwait(false)).ToList();
        var hadBid = standing.Select(b => (b.Bid.UnitId, b.Bid.Attempt)).ToHashSet();
        var held = new List<ComputeReservation>();
        var open = demands.ToList();
        while (open.Count > 0)
        {
            var now = Now;
            var holds = new List<BidToReserve>();
            foreach (var demand in open)
            {
                if (AuctionComputeMarket.Best(standing.Select(b => b.Bid), demand, now) is { } best)
                {
                    var version = standing.First(b => ReferenceEquals(b.Bid, best)).Version;
                    holds.Add(new BidToReserve(best, demand, AuctionComputeMarket.LeaseId(round.OrchestrationId, best), version));
                }
            }

            if (holds.Count == 0)
            {
                break;
            }

            var results = await ReserveAsync(holds).ConfigureAwait(false);
            open = [];
            for (var i = 0; i < holds.Count; i++)
            {
                if (results[i] is { } reservation)
                {
                    held.Add(reservation);
                }
                else
                {
                    standing.RemoveAll(b => ReferenceEquals(b.Bid, holds[i].Bid));
                    open.Add(holds[i].Demand);
                }
            }
        }

        var placed = held.Select(h => (h.UnitId, h.Attempt)).ToHashSet();
        var withBid = standing.Select(b => (b.Bid.UnitId, b.Bid.Attempt)).ToHashSet();
        // Demands nobody bid for were reported by BidAsync; those whose every bid was withdrawn are reported here.
        await RecordShortageAsync([.. demands.Where(d => hadBid.Contains((d.UnitId, d.Attempt)) && !placed.Contains((d.UnitId, d.Attempt)) && !withBid.Contains((d.UnitId, d.Attempt)))]).ConfigureAwait(false);
        return new AuctionRoundResult(standing, held);
    }

    /// <summary>Reserves each bid on its instance (one <c>ReserveMany</c> per instance, in order); null where refused.</summary>
    public async Task<IReadOnlyList<ComputeReservation?>> ReserveAsync(IReadOnlyList<BidToReserve> bids)
    {
        ArgumentNullException.ThrowIfNull(bids);
        var now = Now;
        var result = new ComputeReservation?[bids.Count];
        await Task.WhenAll(Enumerable.Range(0, bids.Count).GroupBy(i => bids[i].Bid.Instance, StringComparer.Ordinal).Select(async g =>
        {
            var indices = g.ToList();
            var held = await Host.CallAsync<List<InstanceReservation>>(
                ComputeInstance.Id(g.Key),
                nameof(ComputeInstance.ReserveMany),
                indices.Select(i =>
                {
                    var (b, d) = (bids[i], bids[i].Demand);
                    return new InstanceReserveRequest(b.LeaseId, d.ExecutionId, d.UnitId, d.Attempt, d.MemoryMb, AuctionComputeMarket.PricedWorkMs(d), b.BidVersion, AuctionComputeMarket.Lease.TotalSeconds, now);
                }).ToList()).ConfigureAwait(false) ?? [];
            for (var k = 0; k < indices.Count; k++)
            {
                var (b, d) = (bids[indices[k]], bids[indices[k]].Demand);
                result[indices[k]] = k < held.Count && held[k].Accepted ? new ComputeReservation(d.UnitId, d.Attempt, b.Bid.Region, b.Bid.Instance, b.LeaseId) : null;
            }
        })).ConfigureAwait(false);
        return result;
    }

    /// <summary>Frees reservations (one <c>ReleaseMany</c> per instance); how many were held.</summary>
    public async Task<int> ReleaseAsync(IReadOnlyList<ComputeReservation> reservations)
    {
        ArgumentNullException.ThrowIfNull(reservations);
        var now = Now;
        var released = await Task.WhenAll(reservations.GroupBy(r => r.Instance, StringComparer.Ordinal).Select(g =>
            Host.CallAsync<int>(ComputeInstance.Id(g.Key), nameof(ComputeInstance.ReleaseMany), g.Select(r => new InstanceReleaseRequest(r.LeaseId, now)).ToList()))).ConfigureAwait(false);
        return released.Sum();
    }

    public async Task RecordShortageAsync(IReadOnlyList<UnitDemand> demands)
    {
        ArgumentNullException.ThrowIfNull(demands);
        foreach (var g in demands.GroupBy(d => d.Regions[0], StringComparer.Ordinal))
        {
            await Host.CallAsync(ComputeDirectory.Id, nameof(ComputeDirectory.RecordShortage), new RegionShortage(g.Key, g.Count())).ConfigureAwait(false);
        }
    }

    public async Task<Dictionary<string, int>> TakeShortageAsync() =>
        await Host.CallAsync<Dictionary<string, int>>(ComputeDirectory.Id, nameof(ComputeDirectory.TakeShortage)).ConfigureAwait(false) ?? [];

    /// <summary>The autoscaler's view: per-region metrics at the current time; takes the shortage reported so far.</summary>
    public async Task<FleetSnapshot> SnapshotAsync(IReadOnlyList<InstanceTemplate> regions)
    {
        ArgumentNullException.ThrowIfNull(regions);
        var now = Now;
        var directory = await ListAsync([.. regions.Select(r => r.Region)]).ConfigureAwait(false);
        var shortage = await TakeShortageAsync().ConfigureAwait(false);
        var metrics = new List<RegionLoad>();
        foreach (var template in regions)
        {
            var statuses = new List<(string, InstanceStatus)>();
            foreach (var instance in directory.GetValueOrDefault(template.Region, []))
            {
                statuses.Add((instance, await StatusAsync(instance).ConfigureAwait(false)));
            }

            metrics.Add(FleetMetrics.ForRegion(template.Region, statuses, shortage.GetValueOrDefault(template.Region)));
        }

        return new FleetSnapshot(now, metrics);
    }
}
