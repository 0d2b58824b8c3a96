using Serverless.Planning.Market;

namespace Serverless.Planning.Tests.Market;

public class ComputeInstanceStateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static WorkRequest Work(int memoryMb = 512, double workMs = 1000, int leaseSeconds = 60) => new(memoryMb, workMs, TimeSpan.FromSeconds(leaseSeconds));

    private static ComputeInstanceState Instance(int memoryMb = 4096, int slots = 8) =>
        ComputeInstanceState.Create("i-1", "westeurope", memoryMb, slots, basePricePerGbSecond: 0.00002, pricePerInvocation: 0.0000002);

    [Fact]
    public void Bid_AsUtilisationRises_PriceRisesStrictly()
    {
        var instance = Instance();
        var previous = 0.0;
        for (var i = 0; i < 8; i++)
        {
            var bid = instance.Bid(Work(), T0);
            Assert.True(bid.Accepted, bid.Message);
            Assert.True(bid.Price > previous, $"bid {i}: {bid.Price} should exceed {previous}");
            previous = bid.Price;
            Assert.True(instance.Reserve("lease-" + i, Work(), bid.ConfigurationVersion, T0).Reserved);
        }
    }

    [Fact]
    public void Bid_IdleInstance_PricesAtBaseTimesCurve()
    {
        var bid = Instance().Bid(Work(memoryMb: 1024, workMs: 2000), T0);

        // 1 GB × 2 s × 0.00002 × (1 + 3 × (1024/4096)²) + 0.0000002; a quarter of memory is the utilisation.
        Assert.Equal((0.00002 * 2 * (1 + (3 * 0.0625))) + 0.0000002, bid.Price, 1e-15);
        Assert.Equal(T0 + ComputeInstanceState.BidValidity, bid.ExpiresAt);
        Assert.Equal(2000, bid.ExpectedDurationMs);
    }

    [Fact]
    public void Bid_MoreMemoryThanFree_DeclinedWithTheReason()
    {
        var instance = Instance(memoryMb: 2048);
        Assert.True(instance.Reserve("a", Work(memoryMb: 1536), 0, T0).Reserved);

        var bid = instance.Bid(Work(memoryMb: 1024), T0);

        Assert.False(bid.Accepted);
        Assert.Equal(DeclineReason.Memory, bid.Reason);
        Assert.Contains("512 MB free of 2048 MB; the unit needs 1024 MB", bid.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bid_AllSlotsTaken_DeclinedForSlots()
    {
        var instance = Instance(slots: 1);
        Assert.True(instance.Reserve("a", Work(), 0, T0).Reserved);
        Assert.Equal(DeclineReason.Slots, instance.Bid(Work(), T0).Reason);
    }

    [Fact]
    public void Reserve_AfterConfigure_FailsAsStale()
    {
        var instance = Instance();
        var bid = instance.Bid(Work(), T0);
        instance.Configure(8192, 16, 0.00001);

        var result = instance.Reserve("a", Work(), bid.ConfigurationVersion, T0);

        Assert.False(result.Reserved);
        Assert.Equal(DeclineReason.Stale, result.Reason);
        Assert.True(instance.Reserve("a", Work(), instance.Bid(Work(), T0).ConfigurationVersion, T0).Reserved);
    }

    [Fact]
    public void Reserve_ExpiredLease_FreesItsCapacity()
    {
        var instance = Instance(memoryMb: 1024, slots: 1);
        Assert.True(instance.Reserve("a", Work(memoryMb: 1024, leaseSeconds: 10), 0, T0).Reserved);
        Assert.False(instance.Bid(Work(memoryMb: 1024), T0.AddSeconds(9)).Accepted);

        var later = instance.Bid(Work(memoryMb: 1024), T0.AddSeconds(10));

        Assert.True(later.Accepted);
        Assert.Empty(instance.Reservations);
        Assert.False(instance.Release("a")); // the lapsed lease is gone
    }

    [Fact]
    public void Retire_TakesNoNewWorkButKeepsReservations()
    {
        var instance = Instance();
        Assert.True(instance.Reserve("a", Work(), 0, T0).Reserved);
        instance.Retire();

        Assert.Equal(DeclineReason.Retired, instance.Bid(Work(), T0).Reason);
        Assert.Equal(DeclineReason.Retired, instance.Reserve("b", Work(), 0, T0).Reason);
        Assert.Single(instance.Reservations);
        Assert.False(instance.IsDrained);
        Assert.True(instance.Release("a"));
        Assert.True(instance.IsDrained);
    }

    [Fact]
    public void Reserve_SameLeaseTwice_IsRefused()
    {
        var instance = Instance();
        Assert.True(instance.Reserve("a", Work(), 0, T0).Reserved);
        Assert.Equal(DeclineReason.Duplicate, instance.Reserve("a", Work(), 0, T0).Reason);
    }

    [Fact]
    public void Operations_RandomSequences_NeverExceedCapacity()
    {
        var rng = new Random(77);
        for (var run = 0; run < 200; run++)
        {
            var instance = Instance(memoryMb: 512 * (1 + rng.Next(8)), slots: 1 + rng.Next(6));
            var now = T0;
            var leases = new List<string>();
            for (var step = 0; step < 200; step++)
            {
                now = now.AddSeconds(rng.Next(5));
                var request = Work(memoryMb: 128 * (1 + rng.Next(16)), leaseSeconds: 1 + rng.Next(30));
                switch (rng.Next(6))
                {
                    case 0 or 1 or 2:
                        var bid = instance.Bid(request, now);
                        var id = "l" + step;
                        var reserved = instance.Reserve(id, request, bid.ConfigurationVersion, now);
                        Assert.DoesNotContain(instance.Reservations, r => r.ExpiresAt <= now);
                        if (reserved.Reserved)
                        {
                            leases.Add(id);
                            Assert.True(instance.ReservedMemoryMb <= instance.MemoryMb, $"run {run} step {step}: memory after reserve");
                            Assert.True(instance.Reservations.Count <= instance.Slots, $"run {run} step {step}: slots after reserve");
                        }

                        break;
                    case 3 when leases.Count > 0:
                        var lease = leases[rng.Next(leases.Count)];
                        instance.Release(lease);
                        leases.Remove(lease);
                        break;
                    case 4:
                        // Reserve without bidding at the current version: the capacity check must still hold.
                        instance.Reserve("x" + step, request, instance.ConfigurationVersion, now);
                        break;
                    default:
                        if (rng.Next(10) == 0)
                        {
                            instance.Configure(512 * (1 + rng.Next(8)), 1 + rng.Next(6), 0.00002);
                        }

                        break;
                }

                // Capacity may shrink under existing reservations (Configure), but a reservation made after the
                // last Configure never pushes usage over the capacity it saw: check at every successful reserve.
                if (instance.ConfigurationVersion == 0)
                {
                    Assert.True(instance.ReservedMemoryMb <= instance.MemoryMb, $"run {run} step {step}: memory");
                    Assert.True(instance.Reservations.Count <= instance.Slots, $"run {run} step {step}: slots");
                }
            }
        }
    }

    [Fact]
    public void Reserve_AfterShrinkingConfigure_OnlyWhenUsageFitsTheNewCapacity()
    {
        var rng = new Random(78);
        for (var run = 0; run < 300; run++)
        {
            var instance = Instance(memoryMb: 4096, slots: 6);
            for (var i = 0; i < rng.Next(6); i++)
            {
                instance.Reserve("a" + i, Work(memoryMb: 512), 0, T0);
            }

            instance.Configure(512 * (1 + rng.Next(8)), 1 + rng.Next(6), 0.00002);
            var request = Work(memoryMb: 128 * (1 + rng.Next(8)));
            var before = (Memory: instance.ReservedMemoryMb, Slots: instance.Reservations.Count);
            var result = instance.Reserve("new", request, instance.ConfigurationVersion, T0);
            var fits = before.Memory + request.MemoryMb <= instance.MemoryMb && before.Slots + 1 <= instance.Slots;
            Assert.Equal(fits, result.Reserved);
        }
    }

    [Fact]
    public void State_JsonRoundTrip_KeepsReservationsAndVersion()
    {
        var instance = Instance();
        instance.Reserve("a", Work(), 0, T0);
        instance.Configure(2048, 4, 0.00003);
        instance.Retire();

        var json = System.Text.Json.JsonSerializer.Serialize(instance, MarketJsonContext.Default.ComputeInstanceState);
        var back = System.Text.Json.JsonSerializer.Deserialize(json, MarketJsonContext.Default.ComputeInstanceState)!;

        Assert.DoesNotContain("freeMemoryMb", json, StringComparison.Ordinal);
        Assert.Equal(instance.Reservations, back.Reservations);
        Assert.Equal(1, back.ConfigurationVersion);
        Assert.True(back.Retired);
        Assert.Equal(2048, back.MemoryMb);
    }
}
