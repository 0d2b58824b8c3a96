using Serverless.Contracts.Plans;
using Serverless.Planning.Market;

namespace Serverless.Planning.Tests.Market;

public class AuctionTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static BidResult Offer(string id, string region, double price, double durationMs = 1000, double delayMs = 0) =>
        new(id, region, true, price, delayMs, durationMs, T0.AddSeconds(30), 0, null, null);

    [Fact]
    public void SelectWinner_NoInputsAndNoLatencyWeight_CheapestBidWins()
    {
        var context = new AuctionContext(0, [], PlanEnvironment.Default);
        var winner = Auction.SelectWinner([Offer("b", "eastus", 3), Offer("a", "westeurope", 2), Offer("c", "northeurope", 5)], context, T0);
        Assert.Equal("a", winner!.InstanceId);
    }

    [Fact]
    public void SelectWinner_LargeInputsElsewhere_TransferCostDecides()
    {
        // 10 GB of inputs in westeurope: moving them to eastus costs 10 × 0.05 = 0.5, more than the price gap.
        var context = new AuctionContext(0, [new InputLocation("westeurope", 10_000_000_000)], PlanEnvironment.Default);
        var winner = Auction.SelectWinner([Offer("us", "eastus", 0.1), Offer("eu", "westeurope", 0.3)], context, T0);
        Assert.Equal("eu", winner!.InstanceId);
    }

    [Fact]
    public void SelectWinner_HighLatencyWeight_FasterFinishWins()
    {
        var context = new AuctionContext(1, [], PlanEnvironment.Default);
        var winner = Auction.SelectWinner([Offer("slow", "westeurope", 0.01, durationMs: 5000), Offer("fast", "westeurope", 0.02, durationMs: 1000)], context, T0);
        Assert.Equal("fast", winner!.InstanceId);
    }

    [Fact]
    public void SelectWinner_DeclinedAndExpiredBids_AreIgnored()
    {
        var context = new AuctionContext(0, [], PlanEnvironment.Default);
        var expired = Offer("old", "westeurope", 0.0001) with { ExpiresAt = T0 };
        var declined = BidResult.Decline("full", "westeurope", DeclineReason.Memory, "no memory", T0, 0);
        Assert.Null(Auction.SelectWinner([expired, declined], context, T0));
        Assert.Equal("ok", Auction.SelectWinner([expired, declined, Offer("ok", "eastus", 1)], context, T0)!.InstanceId);
    }

    [Fact]
    public void SelectWinner_Ties_AreBrokenByInstanceIdWhateverTheOrder()
    {
        var context = new AuctionContext(0.001, [], PlanEnvironment.Default);
        var bids = new[] { Offer("i-3", "westeurope", 1), Offer("i-1", "westeurope", 1), Offer("i-2", "westeurope", 1) };
        var rng = new Random(9);
        for (var i = 0; i < 20; i++)
        {
            var shuffled = bids.OrderBy(_ => rng.Next()).ToList();
            Assert.Equal("i-1", Auction.SelectWinner(shuffled, context, T0)!.InstanceId);
        }
    }

    [Fact]
    public void SelectWinner_RealInstances_BusierInstanceLosesToIdleTwin()
    {
        var busy = ComputeInstanceState.Create("busy", "westeurope", 4096, 8, 0.00002);
        var idle = ComputeInstanceState.Create("idle", "westeurope", 4096, 8, 0.00002);
        var work = new WorkRequest(1024, 2000, TimeSpan.FromMinutes(1));
        busy.Reserve("x", work, 0, T0);
        busy.Reserve("y", work, 0, T0);

        var winner = Auction.SelectWinner([busy.Bid(work, T0), idle.Bid(work, T0)], new AuctionContext(0.001, [], PlanEnvironment.Default), T0);

        Assert.Equal("idle", winner!.InstanceId);
    }
}
