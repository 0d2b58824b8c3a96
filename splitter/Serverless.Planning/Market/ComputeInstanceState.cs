using System.Text.Json.Serialization;

namespace Serverless.Planning.Market;

/// <summary>
/// One regional compute instance as the market sees it: capacity (memory, concurrent slots), reservations with
/// leases, base price and speed. The rules of the <c>ComputeInstance</c> entity: pure, and time is always an input;
/// expired leases are dropped at the start of every operation that takes the time.
/// </summary>
public sealed class ComputeInstanceState
{
    /// <summary>How long an offer stays valid.</summary>
    public static readonly TimeSpan BidValidity = TimeSpan.FromSeconds(30);

    /// <summary>How many answered bids <see cref="RecentBids"/> keeps.</summary>
    public const int RecentBidLimit = 32;

    public string InstanceId { get; set; } = "";

    public string Region { get; set; } = "";

    public int MemoryMb { get; set; }

    public int Slots { get; set; }

    /// <summary>Currency per GB-second at zero utilisation (see <see cref="PriceCurve"/>).</summary>
    public double BasePricePerGbSecond { get; set; }

    public double PricePerInvocation { get; set; }

    /// <summary>Work speed factor (1 = the reference machine).</summary>
    public double Speed { get; set; } = 1;

    /// <summary>Start delay when busy: the expected delay is this times the utilisation.</summary>
    public double ContentionDelayMs { get; set; } = 100;

    public bool Retired { get; set; }

    /// <summary>Bumped by every <see cref="Configure"/>: a bid made before is stale.</summary>
    public int ConfigurationVersion { get; set; }

    public List<Reservation> Reservations { get; set; } = [];

    /// <summary>The latest bids this instance answered (at most <see cref="RecentBidLimit"/>), oldest first: what the market page shows.</summary>
    public List<BidRecord> RecentBids { get; set; } = [];

    [JsonIgnore]
    public int ReservedMemoryMb => Reservations.Sum(r => r.MemoryMb);

    [JsonIgnore]
    public int FreeMemoryMb => Math.Max(0, MemoryMb - ReservedMemoryMb);

    [JsonIgnore]
    public int FreeSlots => Math.Max(0, Slots - Reservations.Count);

    /// <summary>Retired and holding nothing: safe to remove.</summary>
    [JsonIgnore]
    public bool IsDrained => Retired && Reservations.Count == 0;

    /// <summary>The larger of the memory and slot fractions in use.</summary>
    [JsonIgnore]
    public double Utilisation => Fraction(ReservedMemoryMb, Reservations.Count);

    /// <summary>A new instance.</summary>
    public static ComputeInstanceState Create(string instanceId, string region, int memoryMb, int slots, double basePricePerGbSecond, double pricePerInvocation = 0, double speed = 1) =>
        new()
        {
            InstanceId = instanceId,
            Region = region,
            MemoryMb = memoryMb,
            Slots = slots,
            BasePricePerGbSecond = basePricePerGbSecond,
            PricePerInvocation = pricePerInvocation,
            Speed = speed,
        };

    /// <summary>Offers to run <paramref name="request"/>, or declines with the reason (retired, memory, slots).</summary>
    public BidResult Bid(WorkRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        Expire(now);
        if (Check(request) is { } decline)
        {
            return BidResult.Decline(InstanceId, Region, decline.Reason, decline.Message, now, ConfigurationVersion);
        }

        var after = Fraction(ReservedMemoryMb + request.MemoryMb, Reservations.Count + 1);
        var duration = request.WorkMs / Speed;
        var price = (BasePricePerGbSecond * PriceCurve.Multiplier(after) * (request.MemoryMb / 1024.0) * duration / 1000.0) + PricePerInvocation;
        return new BidResult(InstanceId, Region, true, price, ContentionDelayMs * Utilisation, duration, now + BidValidity, ConfigurationVersion, null, null);
    }

    /// <summary>
    /// Holds capacity for <paramref name="leaseId"/> until <c>now + request.Lease</c>. Fails when the instance was
    /// reconfigured since the bid (<paramref name="bidVersion"/>), the capacity is no longer free, or it is retired.
    /// </summary>
    public ReserveResult Reserve(string leaseId, WorkRequest request, int bidVersion, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        Expire(now);
        if (Reservations.Any(r => r.LeaseId == leaseId))
        {
            return new ReserveResult(false, DeclineReason.Duplicate, $"lease '{leaseId}' is already held on {InstanceId}");
        }

        if (bidVersion != ConfigurationVersion)
        {
            return new ReserveResult(false, DeclineReason.Stale, $"{InstanceId} was reconfigured since the bid (version {bidVersion} -> {ConfigurationVersion}); bid again");
        }

        if (Check(request) is { } decline)
        {
            return new ReserveResult(false, decline.Reason, decline.Message);
        }

        Reservations.Add(new Reservation(leaseId, request.MemoryMb, now + request.Lease));
        return ReserveResult.Ok;
    }

    /// <summary>Frees the lease's capacity; false when it was not held (already released or expired).</summary>
    public bool Release(string leaseId) => Reservations.RemoveAll(r => r.LeaseId == leaseId) > 0;

    /// <summary>Sets capacity and price; existing reservations stay (they finish), outstanding bids become stale.</summary>
    public void Configure(int memoryMb, int slots, double basePricePerGbSecond)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(memoryMb);
        ArgumentOutOfRangeException.ThrowIfNegative(slots);
        ArgumentOutOfRangeException.ThrowIfNegative(basePricePerGbSecond);
        MemoryMb = memoryMb;
        Slots = slots;
        BasePricePerGbSecond = basePricePerGbSecond;
        ConfigurationVersion++;
    }

    /// <summary>Takes no new work from now on; reservations already held run to completion.</summary>
    public void Retire() => Retired = true;

    /// <summary>Keeps <paramref name="record"/> in <see cref="RecentBids"/>, dropping the oldest beyond <see cref="RecentBidLimit"/>.</summary>
    public void RecordBid(BidRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        RecentBids.Add(record);
        if (RecentBids.Count > RecentBidLimit)
        {
            RecentBids.RemoveRange(0, RecentBids.Count - RecentBidLimit);
        }
    }

    /// <summary>Marks the latest recorded bid for the unit attempt as won (its reservation was held); false when none is recorded.</summary>
    public bool RecordWin(string executionId, int unitId, int attempt)
    {
        var index = RecentBids.FindLastIndex(b => b.ExecutionId == executionId && b.UnitId == unitId && b.Attempt == attempt);
        if (index < 0)
        {
            return false;
        }

        RecentBids[index] = RecentBids[index] with { Won = true };
        return true;
    }

    /// <summary>Drops reservations whose lease has passed; returns how many.</summary>
    public int Expire(DateTimeOffset now) => Reservations.RemoveAll(r => r.ExpiresAt <= now);

    private (DeclineReason Reason, string Message)? Check(WorkRequest request)
    {
        if (Retired)
        {
            return (DeclineReason.Retired, $"{InstanceId} is retired and takes no new work");
        }

        if (request.MemoryMb > FreeMemoryMb)
        {
            return (DeclineReason.Memory, $"{InstanceId} has {FreeMemoryMb} MB free of {MemoryMb} MB; the unit needs {request.MemoryMb} MB");
        }

        if (FreeSlots == 0)
        {
            return (DeclineReason.Slots, $"{InstanceId} has all {Slots} slots reserved");
        }

        return null;
    }

    private double Fraction(int memoryMb, int slots) =>
        Math.Max(MemoryMb > 0 ? (double)memoryMb / MemoryMb : 1, Slots > 0 ? (double)slots / Slots : 1);
}
