using Serverless.Contracts.Plans;
using Serverless.Orchestrations.Market;
using Serverless.Orchestrations.Ports;
using Serverless.Planning.Market;

namespace Serverless.Orchestrations.Tests.Market;

/// <summary>How the orchestrator picks a winner among a demand's bids (<see cref="AuctionComputeMarket.Best"/>).</summary>
public sealed class AuctionWinnerTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static ComputeBid Bid(string instance, double price, double durationMs = 100) =>
        new(0, 1, instance.Split('/')[0], instance, price, 0, Now.AddSeconds(30), durationMs);

    private static UnitDemand Demand(AuctionContext? pricing = null) =>
        new("e", 0, 1, 512, 100, ["westeurope", "eastus"]) { Pricing = pricing };

    private static AuctionContext InputsAtOrigin(long bytes, double egress) => new(
        0,
        [new InputLocation("westeurope", bytes)],
        new PlanEnvironment("westeurope", [], new NetworkSpec(
            new Dictionary<string, IReadOnlyDictionary<string, double>> { ["westeurope"] = new Dictionary<string, double> { ["eastus"] = 80 } },
            new Dictionary<string, IReadOnlyDictionary<string, double>> { ["westeurope"] = new Dictionary<string, double> { ["eastus"] = egress } },
            1000)));

    [Fact]
    public void Best_EqualScores_LowerPriceThenSmallestInstanceWhateverTheOrder()
    {
        var random = new Random(7);
        for (var trial = 0; trial < 200; trial++)
        {
            var price = random.Next(1, 5) * 0.001;
            var bids = new List<ComputeBid> { Bid("eastus/2", price), Bid("westeurope/1", price), Bid("eastus/10", price), Bid("westeurope/0", price + 0.001) };
            var shuffled = bids.OrderBy(_ => random.Next()).ToList();

            var best = AuctionComputeMarket.Best(shuffled, Demand(), Now);

            Assert.Equal("eastus/10", best!.Instance);
        }
    }

    [Fact]
    public void Best_LargeInputsAtTheOrigin_NearDearerBidBeatsFarCheaperOne()
    {
        var random = new Random(11);
        for (var trial = 0; trial < 200; trial++)
        {
            var near = random.NextDouble() * 0.01;
            var far = near * random.NextDouble();
            var bytes = random.NextInt64(1, 10_000_000_000);
            var egress = random.NextDouble() * 0.1;
            var bids = new[] { Bid("westeurope/0", near), Bid("eastus/0", far) };

            var best = AuctionComputeMarket.Best(bids, Demand(InputsAtOrigin(bytes, egress)), Now);

            var moving = bytes / 1e9 * egress;
            Assert.Equal(far + moving < near ? "eastus/0" : "westeurope/0", best!.Instance);
            Assert.Equal("eastus/0", AuctionComputeMarket.Best(bids, Demand(), Now)!.Instance);
        }
    }

    [Fact]
    public void Best_ExpiredOrOtherRegionOrOtherUnit_NotChosen()
    {
        var bids = new[]
        {
            Bid("eastus/0", 0.001) with { ExpiresAt = Now },
            Bid("northeurope/0", 0.0001),
            Bid("westeurope/0", 0.01) with { UnitId = 3 },
            Bid("westeurope/1", 0.01),
        };

        Assert.Equal("westeurope/1", AuctionComputeMarket.Best(bids, Demand(), Now)!.Instance);
        Assert.Null(AuctionComputeMarket.Best(bids.Take(3), Demand(), Now));
    }

    [Fact]
    public void Best_NetworkMissingARoute_ScoresWithoutTransfersInsteadOfThrowing()
    {
        var pricing = new AuctionContext(0, [new InputLocation("somewhere", 1_000_000_000)], new PlanEnvironment("somewhere", [], new NetworkSpec(
            new Dictionary<string, IReadOnlyDictionary<string, double>>(), new Dictionary<string, IReadOnlyDictionary<string, double>>(), 1000)));

        Assert.Equal("eastus/0", AuctionComputeMarket.Best([Bid("westeurope/0", 0.01), Bid("eastus/0", 0.001)], Demand(pricing), Now)!.Instance);
    }
}
