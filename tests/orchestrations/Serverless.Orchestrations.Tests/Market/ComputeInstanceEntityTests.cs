using CsCheck;
using Serverless.Orchestrations.Market;
using Serverless.Planning.Market;

namespace Serverless.Orchestrations.Tests.Market;

public sealed class ComputeInstanceEntityTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static async Task<EntityDriver<ComputeInstance>> ConfiguredAsync(int memoryMb = 4096, int slots = 4, double price = 0.00002)
    {
        var driver = new EntityDriver<ComputeInstance>("westeurope/0");
        await driver.CallAsync(nameof(ComputeInstance.Configure), new InstanceConfiguration("westeurope", memoryMb, slots, price, T0));
        return driver;
    }

    private static InstanceBidRequest Bid(int memoryMb = 512, double ms = 1000, DateTimeOffset? now = null) => new("e", 1, 1, memoryMb, ms, now ?? T0);

    // Configured once: the instance is at configuration version 1, which bids made since carry.
    private static InstanceReserveRequest Reserve(string lease, int memoryMb = 512, DateTimeOffset? now = null, int version = 1) => new(lease, "e", 1, 1, memoryMb, 1000, version, 600, now ?? T0);

    [Fact]
    public async Task BidThenReserve_KeepsEachAnswerInTheStateAndMarksTheReservedOneWon()
    {
        var driver = await ConfiguredAsync(memoryMb: 1024);
        await driver.CallAsync<InstanceBid>(nameof(ComputeInstance.Bid), Bid(memoryMb: 4096));
        var offer = await driver.CallAsync<InstanceBid>(nameof(ComputeInstance.Bid), Bid(now: T0.AddSeconds(1)));
        Assert.True((await driver.CallAsync<InstanceReservation>(nameof(ComputeInstance.Reserve), Reserve("l1", now: T0.AddSeconds(2))))!.Accepted);

        var recent = System.Text.Json.JsonSerializer.Deserialize<ComputeInstanceState>(driver.State.Json!, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web))!.RecentBids;
        Assert.Equal(2, recent.Count);
        Assert.False(recent[0].Accepted);
        Assert.StartsWith("memory", recent[0].DeclineReason, StringComparison.Ordinal);
        Assert.False(recent[0].Won);
        Assert.Equal(("e", 1, 1, T0.AddSeconds(1)), (recent[1].ExecutionId, recent[1].UnitId, recent[1].Attempt, recent[1].At));
        Assert.Equal(offer!.Price, recent[1].Price);
        Assert.True(recent[1].Won);
    }

    [Fact]
    public async Task Bid_Unconfigured_DeclinedWithReason()
    {
        var driver = new EntityDriver<ComputeInstance>("eastus/0");

        var bid = await driver.CallAsync<InstanceBid>(nameof(ComputeInstance.Bid), Bid());

        Assert.False(bid!.Accepted);
        Assert.StartsWith("memory", bid.DeclineReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bid_AsReservationsFillTheInstance_PriceNeverFallsAndEndsHigher()
    {
        await Gen.Int[2, 8].SampleAsync(async slots =>
        {
            var driver = await ConfiguredAsync(memoryMb: 64 * 1024, slots: slots);
            var prices = new List<double>();
            for (var i = 0; i < slots; i++)
            {
                prices.Add((await driver.CallAsync<InstanceBid>(nameof(ComputeInstance.Bid), Bid()))!.Price);
                Assert.True((await driver.CallAsync<InstanceReservation>(nameof(ComputeInstance.Reserve), Reserve($"l{i}")))!.Accepted);
            }

            Assert.All(prices.Zip(prices.Skip(1)), p => Assert.True(p.Second > p.First, $"price fell or stayed: {p.First} then {p.Second}"));
        }, iter: 20);
    }

    [Fact]
    public async Task Bid_MoreMemoryThanFree_DeclinedNamingMemory()
    {
        await Gen.Select(Gen.Int[256, 4096], Gen.Int[1, 4096]).SampleAsync(async (capacity, extra) =>
        {
            var driver = await ConfiguredAsync(memoryMb: capacity);

            var bid = await driver.CallAsync<InstanceBid>(nameof(ComputeInstance.Bid), Bid(memoryMb: capacity + extra));

            Assert.False(bid!.Accepted);
            Assert.Contains("memory", bid.DeclineReason, StringComparison.Ordinal);
            Assert.Contains($"{capacity + extra} MB", bid.DeclineReason, StringComparison.Ordinal);
        }, iter: 20);
    }

    [Fact]
    public async Task Reserve_RandomSequenceOfOperations_NeverExceedsCapacity()
    {
        var ops = Gen.Select(Gen.Int[0, 2], Gen.Int[0, 9], Gen.Int[64, 1024]).Array[1, 60];
        await Gen.Select(Gen.Int[1, 6], Gen.Int[512, 4096], ops).SampleAsync(async (slots, memory, sequence) =>
        {
            var driver = await ConfiguredAsync(memoryMb: memory, slots: slots);
            var held = new Dictionary<string, int>();
            foreach (var (kind, lease, mb) in sequence)
            {
                var id = $"l{lease}";
                if (kind == 2)
                {
                    var released = await driver.CallAsync<bool>(nameof(ComputeInstance.Release), new InstanceReleaseRequest(id, T0));
                    Assert.Equal(held.Remove(id), released);
                }
                else
                {
                    var r = await driver.CallAsync<InstanceReservation>(nameof(ComputeInstance.Reserve), Reserve(id, mb));
                    if (r!.Accepted)
                    {
                        held.TryAdd(id, mb);
                    }
                }

                var status = await driver.CallAsync<InstanceStatus>(nameof(ComputeInstance.Status), T0);
                Assert.True(status!.UsedSlots <= slots, $"{status.UsedSlots} slots used of {slots}");
                Assert.True(status.UsedMemoryMb <= memory, $"{status.UsedMemoryMb} MB used of {memory}");
                Assert.Equal(held.Count, status.UsedSlots);
                Assert.Equal(held.Values.Sum(), status.UsedMemoryMb);
            }
        }, iter: 40);
    }

    [Fact]
    public async Task Reserve_FullInstanceAfterLeasesExpire_CapacityFreeAgain()
    {
        var driver = await ConfiguredAsync(slots: 1);
        Assert.True((await driver.CallAsync<InstanceReservation>(nameof(ComputeInstance.Reserve), Reserve("a")))!.Accepted);
        var refused = await driver.CallAsync<InstanceReservation>(nameof(ComputeInstance.Reserve), Reserve("b"));
        Assert.False(refused!.Accepted);
        Assert.StartsWith("slots", refused.Reason, StringComparison.Ordinal);

        var held = (await driver.CallAsync<InstanceReservation>(nameof(ComputeInstance.Reserve), Reserve("a")))!;
        var later = held.ExpiresAt.AddSeconds(1);

        Assert.True((await driver.CallAsync<InstanceBid>(nameof(ComputeInstance.Bid), Bid(now: later)))!.Accepted);
        Assert.True((await driver.CallAsync<InstanceReservation>(nameof(ComputeInstance.Reserve), Reserve("b", now: later)))!.Accepted);
        Assert.Equal(1, (await driver.CallAsync<InstanceStatus>(nameof(ComputeInstance.Status), later))!.UsedSlots);
    }

    [Fact]
    public async Task Retire_WithReservedWork_NoNewWorkButReservedLeaseStaysUntilReleased()
    {
        var driver = await ConfiguredAsync(slots: 4);
        Assert.True((await driver.CallAsync<InstanceReservation>(nameof(ComputeInstance.Reserve), Reserve("a")))!.Accepted);

        await driver.CallAsync(nameof(ComputeInstance.Retire));

        var bid = await driver.CallAsync<InstanceBid>(nameof(ComputeInstance.Bid), Bid());
        Assert.False(bid!.Accepted);
        Assert.StartsWith("retired", bid.DeclineReason, StringComparison.Ordinal);
        Assert.False((await driver.CallAsync<InstanceReservation>(nameof(ComputeInstance.Reserve), Reserve("b")))!.Accepted);
        var status = await driver.CallAsync<InstanceStatus>(nameof(ComputeInstance.Status), T0);
        Assert.True(status!.Retired);
        Assert.Equal(1, status.UsedSlots);
        Assert.True(await driver.CallAsync<bool>(nameof(ComputeInstance.Release), new InstanceReleaseRequest("a", T0)));
        Assert.Equal(0, (await driver.CallAsync<InstanceStatus>(nameof(ComputeInstance.Status), T0))!.UsedSlots);
    }

    [Fact]
    public async Task Configure_StateSurvivesSerialisation_BetweenOperations()
    {
        var driver = await ConfiguredAsync(memoryMb: 2048, slots: 3, price: 0.5);
        await driver.CallAsync(nameof(ComputeInstance.Reserve), Reserve("a", 1024));

        var state = System.Text.Json.JsonSerializer.Deserialize<ComputeInstanceState>(driver.State.Json!, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web))!;

        Assert.Equal("westeurope", state.Region);
        Assert.Equal("westeurope/0", state.InstanceId);
        Assert.Equal((2048, 3, 0.5), (state.MemoryMb, state.Slots, state.BasePricePerGbSecond));
        Assert.Equal(1024, Assert.Single(state.Reservations).MemoryMb);
    }

    [Fact]
    public async Task Reserve_BidMadeBeforeAReconfiguration_RefusedAsStale()
    {
        var driver = await ConfiguredAsync();
        var bid = await driver.CallAsync<InstanceBid>(nameof(ComputeInstance.Bid), Bid());
        await driver.CallAsync(nameof(ComputeInstance.Configure), new InstanceConfiguration("westeurope", 8192, 8, 0.00002, T0));

        var refused = await driver.CallAsync<InstanceReservation>(nameof(ComputeInstance.Reserve), Reserve("a", version: bid!.Version));

        Assert.False(refused!.Accepted);
        Assert.StartsWith("stale", refused.Reason, StringComparison.Ordinal);
        Assert.True((await driver.CallAsync<InstanceReservation>(nameof(ComputeInstance.Reserve), Reserve("a", version: bid.Version + 1)))!.Accepted);
    }

    [Fact]
    public async Task RunAsync_UnknownOperation_FailsNamingIt()
    {
        var driver = await ConfiguredAsync();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => driver.CallAsync("Explode"));

        Assert.Contains("Explode", error.Message, StringComparison.Ordinal);
    }
}
