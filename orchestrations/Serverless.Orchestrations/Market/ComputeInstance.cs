using Microsoft.DurableTask.Entities;
using Serverless.Planning.Market;

namespace Serverless.Orchestrations.Market;

/// <summary>
/// A regional compute instance as a durable entity (key <c>{region}/{n}</c>): a thin shell over
/// <see cref="ComputeInstanceState"/>, whose rules decide bids, reservations, lease expiry and retirement. Every
/// operation takes the time from its input, never from the clock. It keeps its recent bids, and which of them it won.
/// </summary>
public sealed class ComputeInstance : TaskEntity<ComputeInstanceState>
{
    public const string EntityName = nameof(ComputeInstance);

    public static EntityInstanceId Id(string instance) => new(EntityName, instance);

    public InstanceBid Bid(InstanceBidRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var bid = State.Bid(new WorkRequest(request.MemoryMb, request.EstimatedMs, TimeSpan.Zero), request.Now);
        var declined = bid.Accepted ? null : Describe(bid.Reason, bid.Message);
        State.RecordBid(new BidRecord(request.ExecutionId, request.UnitId, request.Attempt, request.Now, bid.Accepted, bid.Price, bid.ExpectedStartDelayMs, declined));
        return new InstanceBid(bid.Accepted, bid.Price, bid.ExpectedStartDelayMs, bid.ExpiresAt, bid.ConfigurationVersion, declined, bid.ExpectedDurationMs);
    }

    /// <summary>Holds the lease; a repeated reservation of a lease already held (a retried call) counts as held.</summary>
    public InstanceReservation Reserve(InstanceReserveRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = State.Reserve(request.LeaseId, new WorkRequest(request.MemoryMb, request.EstimatedMs, TimeSpan.FromSeconds(request.LeaseSeconds)), request.BidVersion, request.Now);
        var held = result.Reserved || result.Reason == DeclineReason.Duplicate;
        if (result.Reserved)
        {
            State.RecordWin(request.ExecutionId, request.UnitId, request.Attempt);
        }

        var expires = State.Reservations.Find(r => r.LeaseId == request.LeaseId)?.ExpiresAt ?? DateTimeOffset.MinValue;
        return new InstanceReservation(held, expires, held ? null : Describe(result.Reason, result.Message));
    }

    public bool Release(InstanceReleaseRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return State.Release(request.LeaseId);
    }

    /// <summary>A <see cref="Bid"/> per request in one operation (one state load for a whole auction round), in order.</summary>
    public List<InstanceBid> BidMany(IReadOnlyList<InstanceBidRequest> requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        return [.. requests.Select(Bid)];
    }

    /// <summary>A <see cref="Reserve"/> per request in one operation, in order (each sees the capacity the earlier ones took).</summary>
    public List<InstanceReservation> ReserveMany(IReadOnlyList<InstanceReserveRequest> requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        return [.. requests.Select(Reserve)];
    }

    /// <summary>A <see cref="Release"/> per request in one operation; how many leases were held.</summary>
    public int ReleaseMany(IReadOnlyList<InstanceReleaseRequest> requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        return requests.Count(Release);
    }

    public void Configure(InstanceConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        State.InstanceId = Context.Id.Key;
        State.Region = configuration.Region;
        State.Configure(configuration.MemoryMb, configuration.Slots, configuration.PricePerGbSecond);
    }

    public void Retire() => State.Retire();

    /// <summary>Capacity and use at the given time (expired leases dropped first); what the autoscaler reads.</summary>
    public InstanceStatus Status(DateTimeOffset now)
    {
        State.Expire(now);
        return new(State.Region, State.Retired, State.Slots, State.Reservations.Count, State.MemoryMb, State.ReservedMemoryMb, State.Utilisation);
    }

    private static string Describe(DeclineReason? reason, string? message) =>
        $"{reason?.ToString().ToLowerInvariant() ?? "declined"}: {message}";
}
