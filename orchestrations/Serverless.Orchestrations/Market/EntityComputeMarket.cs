using Microsoft.DurableTask;
using Serverless.Orchestrations.Ports;

namespace Serverless.Orchestrations.Market;

/// <summary>
/// The auction on Durable Functions: <see cref="ComputeDirectory"/> and <see cref="ComputeInstance"/> are durable
/// entities called from the orchestrator (<c>context.Entities</c>): bids asked of all candidate instances in
/// parallel, winners reserved by calls, leases released by signals. Times come from the orchestration's clock.
/// </summary>
public sealed class EntityComputeMarket : AuctionComputeMarket
{
    protected override async Task<IReadOnlyList<VersionedBid>> CollectBidsAsync(TaskOrchestrationContext context, IReadOnlyList<UnitDemand> demands)
    {
        var now = new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero);
        var regions = demands.SelectMany(d => d.Regions).Distinct().ToList();
        var directory = await context.Entities.CallEntityAsync<Dictionary<string, List<string>>>(ComputeDirectory.Id, nameof(ComputeDirectory.List), regions);
        var asks = demands.SelectMany(d => d.Regions.Distinct().SelectMany(r => directory.GetValueOrDefault(r, []).Select(i => (Demand: d, Region: r, Instance: i)))).ToList();
        var answers = await Task.WhenAll(asks.Select(a => context.Entities.CallEntityAsync<InstanceBid>(
            ComputeInstance.Id(a.Instance),
            nameof(ComputeInstance.Bid),
            new InstanceBidRequest(a.Demand.ExecutionId, a.Demand.UnitId, a.Demand.Attempt, a.Demand.MemoryMb, AuctionComputeMarket.PricedWorkMs(a.Demand), now))));
        var bids = asks.Zip(answers)
            .Where(x => x.Second.Accepted)
            .Select(x => new VersionedBid(new ComputeBid(x.First.Demand.UnitId, x.First.Demand.Attempt, x.First.Region, x.First.Instance, x.Second.Price, x.Second.StartDelayMs, x.Second.ExpiresAt, x.Second.DurationMs), x.Second.Version))
            .ToList();
        var unanswered = demands.Where(d => !bids.Any(b => b.Bid.UnitId == d.UnitId && b.Bid.Attempt == d.Attempt)).ToList();
        if (unanswered.Count > 0)
        {
            await ReportShortageAsync(context, unanswered);
        }

        return bids;
    }

    protected override async Task<IReadOnlyList<ComputeReservation?>> ReserveBidsAsync(TaskOrchestrationContext context, IReadOnlyList<BidToReserve> bids)
    {
        var now = new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero);
        var held = await Task.WhenAll(bids.Select(b => context.Entities.CallEntityAsync<InstanceReservation>(
            ComputeInstance.Id(b.Bid.Instance),
            nameof(ComputeInstance.Reserve),
            new InstanceReserveRequest(b.LeaseId, b.Demand.ExecutionId, b.Demand.UnitId, b.Demand.Attempt, b.Demand.MemoryMb, PricedWorkMs(b.Demand), b.BidVersion, Lease.TotalSeconds, now))));
        return [.. bids.Zip(held, (b, h) => h.Accepted ? new ComputeReservation(b.Demand.UnitId, b.Demand.Attempt, b.Bid.Region, b.Bid.Instance, b.LeaseId) : null)];
    }

    protected override async Task ReleaseLeasesAsync(TaskOrchestrationContext context, IReadOnlyList<ComputeReservation> reservations)
    {
        var now = new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero);
        foreach (var r in reservations)
        {
            await context.Entities.SignalEntityAsync(ComputeInstance.Id(r.Instance), nameof(ComputeInstance.Release), new InstanceReleaseRequest(r.LeaseId, now));
        }
    }

    protected override async Task ReportShortageAsync(TaskOrchestrationContext context, IReadOnlyList<UnitDemand> demands)
    {
        foreach (var g in demands.GroupBy(d => d.Regions[0], StringComparer.Ordinal))
        {
            await context.Entities.SignalEntityAsync(ComputeDirectory.Id, nameof(ComputeDirectory.RecordShortage), new RegionShortage(g.Key, g.Count()));
        }
    }
}
