using Microsoft.DurableTask.Entities;
using Serverless.Planning.Market;

namespace Serverless.Orchestrations.Market;

/// <summary>
/// A regional compute instance as a durable entity (key <c>{region}/{n}</c>): a thin shell over
/// <see cref="ComputeInstanceState"/>, whose rules decide bids, reservations and retirement. Every operation takes the
/// time from its input, never from the clock.
/// </summary>
public sealed class ComputeInstance : TaskEntity<ComputeInstanceState>
{
    public const string EntityName = nameof(ComputeInstance);

    public static EntityInstanceId Id(string instance) => new(EntityName, instance);

    public InstanceBid Bid(InstanceBidRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var decision = State.Bid(new UnitRequest(request.MemoryMb, request.EstimatedMs), request.Now);
        return decision.Accepted
            ? new InstanceBid(true, decision.Price, decision.StartDelayMs, decision.ExpiresAt, null)
            : InstanceBid.Decline(Describe(decision.Reason, request.MemoryMb, request.Now));
    }

    public InstanceReservation Reserve(InstanceReserveRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var decision = State.Reserve(request.LeaseId, new UnitRequest(request.MemoryMb, request.EstimatedMs), request.Now);
        return decision.Accepted
            ? new InstanceReservation(true, decision.ExpiresAt, null)
            : new InstanceReservation(false, DateTimeOffset.MinValue, Describe(decision.Reason, request.MemoryMb, request.Now));
    }

    public bool Release(InstanceReleaseRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return State.Release(request.LeaseId);
    }

    public void Configure(InstanceConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        State.Configure(configuration.Region, new InstanceCapacity(configuration.MemoryMb, configuration.Slots), configuration.PricePerGbSecond);
    }

    public void Retire() => State.Retire();

    /// <summary>Capacity and use at the given time (what the autoscaler reads).</summary>
    public InstanceStatus Status(DateTimeOffset now) =>
        new(State.Region, State.Retired, State.Capacity.Slots, State.UsedSlots(now), State.Capacity.MemoryMb, State.UsedMemoryMb(now), State.Declined);

    private string Describe(DeclineReason reason, int memoryMb, DateTimeOffset now) => reason switch
    {
        DeclineReason.Memory => $"memory: the unit needs {memoryMb} MB, {Context.Id.Key} has {State.Capacity.MemoryMb - State.UsedMemoryMb(now)} MB free",
        DeclineReason.Slots => $"slots: all {State.Capacity.Slots} slots of {Context.Id.Key} are reserved",
        DeclineReason.Retired => $"retired: {Context.Id.Key} takes no new work",
        DeclineReason.NotConfigured => $"not configured: {Context.Id.Key} has no capacity yet",
        _ => reason.ToString(),
    };
}
