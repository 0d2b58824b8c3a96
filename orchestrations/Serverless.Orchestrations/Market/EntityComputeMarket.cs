using Microsoft.DurableTask;
using Serverless.Orchestrations.Ports;

namespace Serverless.Orchestrations.Market;

/// <summary>
/// The auction on Durable Functions: <see cref="ComputeDirectory"/> and <see cref="ComputeInstance"/> are durable
/// entities called from the orchestrator (<c>context.Entities</c>): bids asked of all candidate instances in
/// parallel (one <c>BidMany</c> per instance and round), winners reserved by calls (one <c>ReserveMany</c> per
/// instance), leases released by signals (one <c>ReleaseMany</c> per instance). Times come from the orchestration's clock.
/// </summary>
public sealed class EntityComputeMarket : AuctionComputeMarket
{
    protected override async Task<IReadOnlyList<VersionedBid>> CollectBidsAsync(TaskOrchestrationContext context, IReadOnlyList<UnitDemand> demands)
    {
        var now = new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero);
        var regions = demands.SelectMany(d => d.Regions).Distinct().ToList();
        var directory = await context.Entities.CallEntityAsync<Dictionary<string, List<string>>>(ComputeDirectory.Id, nameof(ComputeDirectory.List), regions);
        var asks = demands.SelectMany(d => d.Regions.Distinct().SelectMany(r => directory.GetValueOrDefault(r, []).Select(i => (Demand: d, Region: r, Instance: i)))).ToList();

        // One BidMany per instance (instances in parallel): a round costs one entity operation per instance, not per unit.
        var perInstance = asks.GroupBy(a => a.Instance, StringComparer.Ordinal).Select(g => g.ToList()).ToList();
        var answers = await Task.WhenAll(perInstance.Select(list => context.Entities.CallEntityAsync<List<InstanceBid>>(
            ComputeInstance.Id(list[0].Instance),
            nameof(ComputeInstance.BidMany),
            list.Select(a => new InstanceBidRequest(a.Demand.ExecutionId, a.Demand.UnitId, a.Demand.Attempt, a.Demand.MemoryMb, PricedWorkMs(a.Demand), now)).ToList())));
        var bids = perInstance.Zip(answers).SelectMany(x => x.First.Zip(x.Second))
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
        var groups = Enumerable.Range(0, bids.Count).GroupBy(i => bids[i].Bid.Instance, StringComparer.Ordinal).Select(g => g.ToList()).ToList();
        var held = await Task.WhenAll(groups.Select(indices => context.Entities.CallEntityAsync<List<InstanceReservation>>(
            ComputeInstance.Id(bids[indices[0]].Bid.Instance),
            nameof(ComputeInstance.ReserveMany),
            indices.Select(i => new InstanceReserveRequest(bids[i].LeaseId, bids[i].Demand.ExecutionId, bids[i].Demand.UnitId, bids[i].Demand.Attempt, bids[i].Demand.MemoryMb, PricedWorkMs(bids[i].Demand), bids[i].BidVersion, Lease.TotalSeconds, now)).ToList())));
        var result = new ComputeReservation?[bids.Count];
        foreach (var (indices, answers) in groups.Zip(held))
        {
            for (var k = 0; k < indices.Count; k++)
            {
                var b = bids[indices[k]];
                result[indices[k]] = k < answers.Count && answers[k].Accepted ? new ComputeReservation(b.Demand.UnitId, b.Demand.Attempt, b.Bid.Region, b.Bid.Instance, b.LeaseId) : null;
            }
        }

        return result;
    }

    protected override async Task ReleaseLeasesAsync(TaskOrchestrationContext context, IReadOnlyList<ComputeReservation> reservations)
    {
        var now = new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero);
        foreach (var g in reservations.GroupBy(r => r.Instance, StringComparer.Ordinal))
        {
            await context.Entities.SignalEntityAsync(ComputeInstance.Id(g.Key), nameof(ComputeInstance.ReleaseMany), g.Select(r => new InstanceReleaseRequest(r.LeaseId, now)).ToList());
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
