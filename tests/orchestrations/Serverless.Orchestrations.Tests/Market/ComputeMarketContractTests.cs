using Serverless.Orchestrations.Market;
using Serverless.Orchestrations.Ports;

namespace Serverless.Orchestrations.Tests.Market;

/// <summary>
/// What every <see cref="IComputeMarket"/> must do, run through an orchestration on the implementation's engine.
/// Each test works in regions of its own, so implementations may share one market between tests.
/// </summary>
public abstract class ComputeMarketContractTests
{
    private int _unit;

    protected abstract Task<string> AddInstanceAsync(string region, int memoryMb, int slots, double pricePerGbSecond);

    protected abstract Task RetireAsync(string instance);

    protected abstract Task<InstanceStatus> StatusAsync(string instance);

    protected abstract Task<int> TakeShortageAsync(string region);

    protected abstract Task<MarketProbeResult> RunAuctionAsync(MarketProbe probe);

    protected static string NewRegion(string name) => $"{name}-{Guid.NewGuid():N}"[..20];

    protected UnitDemand Demand(IReadOnlyList<string> regions, int memoryMb = 512) =>
        new("exec-" + Guid.NewGuid().ToString("N")[..8], Interlocked.Increment(ref _unit), 1, memoryMb, 1000, regions);

    [Fact]
    public async Task Auction_ThreeRegionsRandomPrices_CheapestInstanceWinsAndIsReserved()
    {
        var random = new Random(7);
        for (var trial = 0; trial < 4; trial++)
        {
            var regions = new[] { NewRegion("a"), NewRegion("b"), NewRegion("c") };
            var prices = new Dictionary<string, double>();
            foreach (var r in regions)
            {
                for (var i = 0; i < 2; i++)
                {
                    var price = 0.00001 + (random.NextDouble() * 0.0001);
                    prices[await AddInstanceAsync(r, 4096, 2, price)] = price;
                }
            }

            var result = await RunAuctionAsync(new MarketProbe([Demand(regions)], Release: false));

            Assert.Equal(6, result.Bids.Count);
            var cheapest = prices.MinBy(p => p.Value).Key;
            var reservation = Assert.Single(result.Reservations);
            Assert.NotNull(reservation);
            Assert.Equal(cheapest, reservation.Instance);
            Assert.Equal(cheapest.Split('/')[0], reservation.Region);
            Assert.Equal(1, (await StatusAsync(cheapest)).UsedSlots);
        }
    }

    [Fact]
    public async Task Auction_FirstRegionSaturated_UnitGoesToNextBestRegion()
    {
        var cheap = NewRegion("cheap");
        var dear = NewRegion("dear");
        var only = await AddInstanceAsync(cheap, 4096, 1, 0.00001);
        var other = await AddInstanceAsync(dear, 4096, 1, 0.001);

        var first = await RunAuctionAsync(new MarketProbe([Demand([cheap, dear])], Release: false));
        var second = await RunAuctionAsync(new MarketProbe([Demand([cheap, dear])], Release: false));

        Assert.Equal(only, first.Reservations[0]!.Instance);
        Assert.Equal(other, second.Reservations[0]!.Instance);
        Assert.Equal(dear, second.Reservations[0]!.Region);
    }

    [Fact]
    public async Task Auction_MoreMemoryThanAnyInstance_NoBidAndShortageReported()
    {
        var region = NewRegion("small");
        await AddInstanceAsync(region, 1024, 4, 0.00001);

        var result = await RunAuctionAsync(new MarketProbe([Demand([region], memoryMb: 2048)], Release: false));

        Assert.Empty(result.Bids);
        Assert.Empty(result.Reservations);
        Assert.Equal(1, await TakeShortageAsync(region));
    }

    [Fact]
    public async Task Auction_ConcurrentExecutionsOnFewSlots_ReservationsNeverExceedCapacity()
    {
        var region = NewRegion("busy");
        var instances = new[] { await AddInstanceAsync(region, 8192, 2, 0.00001), await AddInstanceAsync(region, 8192, 1, 0.00002) };

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => RunAuctionAsync(new MarketProbe([Demand([region])], Release: false))));

        var held = results.SelectMany(r => r.Reservations).Where(r => r is not null).ToList();
        Assert.Equal(3, held.Count);
        Assert.Equal(2, held.Count(r => r!.Instance == instances[0]));
        Assert.Equal(2, (await StatusAsync(instances[0])).UsedSlots);
        Assert.Equal(1, (await StatusAsync(instances[1])).UsedSlots);
    }

    [Fact]
    public async Task Release_AfterTheUnit_CapacityFreeForTheNextAuction()
    {
        var region = NewRegion("one");
        var instance = await AddInstanceAsync(region, 4096, 1, 0.00001);

        var first = await RunAuctionAsync(new MarketProbe([Demand([region])], Release: true));
        var second = await RunAuctionAsync(new MarketProbe([Demand([region])], Release: true));

        Assert.Equal(instance, first.Reservations[0]!.Instance);
        Assert.Equal(instance, second.Reservations[0]!.Instance);
        Assert.Equal(0, (await StatusAsync(instance)).UsedSlots);
    }

    [Fact]
    public async Task Auction_RetiredInstance_GetsNoWork()
    {
        var region = NewRegion("old");
        var retired = await AddInstanceAsync(region, 4096, 4, 0.000001);
        var fresh = await AddInstanceAsync(region, 4096, 4, 0.001);
        await RetireAsync(retired);

        var result = await RunAuctionAsync(new MarketProbe([Demand([region]), Demand([region])], Release: false));

        Assert.All(result.Bids, b => Assert.Equal(fresh, b.Instance));
        Assert.All(result.Reservations, r => Assert.Equal(fresh, r!.Instance));
    }
}
