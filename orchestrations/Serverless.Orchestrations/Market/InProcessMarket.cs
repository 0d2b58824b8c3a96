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

    /// <summary>Bids of every instance of every region of each demand, asked in parallel; demands nobody accepted are reported as a shortage of their first region.</summary>
    public async Task<IReadOnlyList<VersionedBid>> BidAsync(IReadOnlyList<UnitDemand> demands)
    {
        ArgumentNullException.ThrowIfNull(demands);
        var now = Now;
        var directory = await ListAsync([.. demands.SelectMany(d => d.Regions).Distinct()]).ConfigureAwait(false);
        var asks = demands.SelectMany(d => d.Regions.Distinct().SelectMany(r => directory.GetValueOrDefault(r, []).Select(i => (Demand: d, Region: r, Instance: i)))).ToList();
        var answers = await Task.WhenAll(asks.Select(async a =>
        {
            var bid = await Host.CallAsync<InstanceBid>(
                ComputeInstance.Id(a.Instance),
                nameof(ComputeInstance.Bid),
                new InstanceBidRequest(a.Demand.ExecutionId, a.Demand.UnitId, a.Demand.Attempt, a.Demand.MemoryMb, AuctionComputeMarket.PricedWorkMs(a.Demand), now)).ConfigureAwait(false);
            return bid is { Accepted: true } ? new VersionedBid(new ComputeBid(a.Demand.UnitId, a.Demand.Attempt, a.Region, a.Instance, bid.Price, bid.StartDelayMs, bid.ExpiresAt, bid.DurationMs), bid.Version, now) : null;
        })).ConfigureAwait(false);
        var bids = answers.Where(b => b is not null).Select(b => b!).ToList();
        var unanswered = demands.Where(d => !bids.Any(b => b.Bid.UnitId == d.UnitId && b.Bid.Attempt == d.Attempt)).ToList();
        await RecordShortageAsync(unanswered).ConfigureAwait(false);
        return bids;
    }

    public async Task<IReadOnlyList<ComputeReservation?>> ReserveAsync(IReadOnlyList<BidToReserve> bids)
    {
        ArgumentNullException.ThrowIfNull(bids);
        var now = Now;
        return await Task.WhenAll(bids.Select(async b =>
        {
            var d = b.Demand;
            var held = await Host.CallAsync<InstanceReservation>(
                ComputeInstance.Id(b.Bid.Instance),
                nameof(ComputeInstance.Reserve),
                new InstanceReserveRequest(b.LeaseId, d.ExecutionId, d.UnitId, d.Attempt, d.MemoryMb, AuctionComputeMarket.PricedWorkMs(d), b.BidVersion, AuctionComputeMarket.Lease.TotalSeconds, now)).ConfigureAwait(false);
            return held is { Accepted: true } ? new ComputeReservation(d.UnitId, d.Attempt, b.Bid.Region, b.Bid.Instance, b.LeaseId) : null;
        })).ConfigureAwait(false);
    }

    public async Task<int> ReleaseAsync(IReadOnlyList<ComputeReservation> reservations)
    {
        ArgumentNullException.ThrowIfNull(reservations);
        var now = Now;
        var released = await Task.WhenAll(reservations.Select(r =>
            Host.CallAsync<bool>(ComputeInstance.Id(r.Instance), nameof(ComputeInstance.Release), new InstanceReleaseRequest(r.LeaseId, now)))).ConfigureAwait(false);
        return released.Count(x => x);
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
