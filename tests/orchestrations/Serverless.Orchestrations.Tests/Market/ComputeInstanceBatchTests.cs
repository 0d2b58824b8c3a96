using CsCheck;
using Serverless.Orchestrations.Market;

namespace Serverless.Orchestrations.Tests.Market;

/// <summary>The batch operations (one per instance and auction round) answer exactly as the single ones in sequence.</summary>
public sealed class ComputeInstanceBatchTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static async Task<EntityDriver<ComputeInstance>> ConfiguredAsync(int memoryMb, int slots)
    {
        var driver = new EntityDriver<ComputeInstance>("westeurope/0");
        await driver.CallAsync(nameof(ComputeInstance.Configure), new InstanceConfiguration("westeurope", memoryMb, slots, 0.00002, T0));
        return driver;
    }

    [Fact]
    public async Task ReserveManyThenBidMany_AnyRequests_SameAnswersAsSingleOperationsInOrder()
    {
        await Gen.Select(Gen.Int[1024, 8192], Gen.Int[1, 6], Gen.Int[128, 2048].Array[1, 10]).SampleAsync(async (memory, slots, units) =>
        {
            var batch = await ConfiguredAsync(memory, slots);
            var single = await ConfiguredAsync(memory, slots);
            var reserves = units.Select((mb, i) => new InstanceReserveRequest($"l{i}", "e", i, 1, mb, 1000, 1, 600, T0)).ToList();
            var bids = units.Select((mb, i) => new InstanceBidRequest("e", 100 + i, 1, mb, 500, T0)).ToList();

            var reservedMany = await batch.CallAsync<List<InstanceReservation>>(nameof(ComputeInstance.ReserveMany), reserves);
            var bidMany = await batch.CallAsync<List<InstanceBid>>(nameof(ComputeInstance.BidMany), bids);
            var reservedOne = new List<InstanceReservation>();
            foreach (var r in reserves)
            {
                reservedOne.Add((await single.CallAsync<InstanceReservation>(nameof(ComputeInstance.Reserve), r))!);
            }

            var bidOne = new List<InstanceBid>();
            foreach (var b in bids)
            {
                bidOne.Add((await single.CallAsync<InstanceBid>(nameof(ComputeInstance.Bid), b))!);
            }

            Assert.Equal(reservedOne, reservedMany);
            Assert.Equal(bidOne, bidMany);
            var status = await batch.CallAsync<InstanceStatus>(nameof(ComputeInstance.Status), T0);
            Assert.True(status!.UsedSlots <= slots && status.UsedMemoryMb <= memory, "reservations exceeded capacity");
            Assert.Equal(reservedMany!.Count(r => r.Accepted), status.UsedSlots);
        }, iter: 30);
    }

    [Fact]
    public async Task ReleaseMany_HeldAndUnknownLeases_CountsOnlyTheHeldAndFreesThem()
    {
        var driver = await ConfiguredAsync(8192, 4);
        await driver.CallAsync<List<InstanceReservation>>(nameof(ComputeInstance.ReserveMany), Enumerable.Range(0, 3).Select(i => new InstanceReserveRequest($"l{i}", "e", i, 1, 512, 1000, 1, 600, T0)).ToList());

        var released = await driver.CallAsync<int>(nameof(ComputeInstance.ReleaseMany), new[] { "l0", "l2", "nope" }.Select(l => new InstanceReleaseRequest(l, T0)).ToList());

        Assert.Equal(2, released);
        Assert.Equal(1, (await driver.CallAsync<InstanceStatus>(nameof(ComputeInstance.Status), T0))!.UsedSlots);
    }
}
