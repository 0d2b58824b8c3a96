namespace Serverless.Planning.Market;

/// <summary>
/// The state and rules of one regional compute instance: capacity, leases, base price and retirement. Every
/// operation takes the time as an input; leases past their expiry free their capacity.
/// </summary>
public sealed class ComputeInstanceState
{
    /// <summary>How long a bid stays valid.</summary>
    public static readonly TimeSpan BidValidity = TimeSpan.FromSeconds(30);

    /// <summary>How long a lease lasts beyond the unit's estimated duration (the orchestrator releases it earlier).</summary>
    public static readonly TimeSpan LeaseGrace = TimeSpan.FromMinutes(10);

    public string Region { get; set; } = "";

    public InstanceCapacity Capacity { get; set; } = new(0, 0);

    public double PricePerGbSecond { get; set; }

    public bool Retired { get; set; }

    public bool Configured { get; set; }

    public List<InstanceLease> Leases { get; set; } = [];

    /// <summary>Bids declined since the instance was configured (read by the autoscaler).</summary>
    public int Declined { get; set; }

    public int UsedSlots(DateTimeOffset now) => Leases.Count(l => l.ExpiresAt > now);

    public int UsedMemoryMb(DateTimeOffset now) => Leases.Where(l => l.ExpiresAt > now).Sum(l => l.MemoryMb);

    public double Utilisation(DateTimeOffset now) => Capacity.Slots == 0 ? 1 : (double)UsedSlots(now) / Capacity.Slots;

    public void Configure(string region, InstanceCapacity capacity, double pricePerGbSecond)
    {
        ArgumentException.ThrowIfNullOrEmpty(region);
        ArgumentNullException.ThrowIfNull(capacity);
        if (capacity.MemoryMb <= 0 || capacity.Slots <= 0 || pricePerGbSecond < 0 || double.IsNaN(pricePerGbSecond))
        {
            throw new ArgumentException($"An instance needs positive memory and slots and a non-negative price (got {capacity.MemoryMb} MB, {capacity.Slots} slots, price {pricePerGbSecond}).", nameof(capacity));
        }

        Region = region;
        Capacity = capacity;
        PricePerGbSecond = pricePerGbSecond;
        Configured = true;
    }

    public void Retire() => Retired = true;

    public BidDecision Bid(UnitRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        var reason = Check(request, now);
        if (reason != DeclineReason.None)
        {
            Declined++;
            return BidDecision.Decline(reason);
        }

        var utilisation = (double)(UsedSlots(now) + 1) / Capacity.Slots;
        var seconds = Math.Max(request.EstimatedMs, 1) / 1000;
        var price = PricePerGbSecond * (request.MemoryMb / 1024.0) * seconds * PriceCurve.Multiplier(utilisation);
        return new BidDecision(true, price, 0, now + BidValidity, DeclineReason.None);
    }

    /// <summary>Takes the capacity for a lease; declines (with the reason) when it is no longer there. Idempotent per lease.</summary>
    public BidDecision Reserve(string leaseId, UnitRequest request, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(leaseId);
        ArgumentNullException.ThrowIfNull(request);
        Leases.RemoveAll(l => l.ExpiresAt <= now);
        if (Leases.Find(l => l.LeaseId == leaseId) is { } held)
        {
            return new BidDecision(true, 0, 0, held.ExpiresAt, DeclineReason.None);
        }

        var reason = Check(request, now);
        if (reason != DeclineReason.None)
        {
            return BidDecision.Decline(reason);
        }

        var expires = now + TimeSpan.FromMilliseconds(Math.Max(request.EstimatedMs, 0)) + LeaseGrace;
        Leases.Add(new InstanceLease(leaseId, request.MemoryMb, expires));
        return new BidDecision(true, 0, 0, expires, DeclineReason.None);
    }

    public bool Release(string leaseId) => Leases.RemoveAll(l => l.LeaseId == leaseId) > 0;

    private DeclineReason Check(UnitRequest request, DateTimeOffset now) =>
        !Configured ? DeclineReason.NotConfigured
        : Retired ? DeclineReason.Retired
        : request.MemoryMb > Capacity.MemoryMb - UsedMemoryMb(now) ? DeclineReason.Memory
        : UsedSlots(now) >= Capacity.Slots ? DeclineReason.Slots
        : DeclineReason.None;
}
