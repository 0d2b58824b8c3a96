using Serverless.Api.Market;
using Serverless.Orchestrations.Market;
using Serverless.Planning.Market;

namespace Serverless.Api.Tests;

public sealed class MarketSnapshotsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Build_InstancesBidsAndHistory_BusyWithoutExpiredLeasesLatestAnswerPerInstanceScalingFromTo()
    {
        var a = ComputeInstanceState.Create("eastus/0", "eastus", 1024, 2, 0.00001);
        a.Reservations.Add(new Reservation("held", 256, T0.AddMinutes(5)));
        a.Reservations.Add(new Reservation("expired", 256, T0.AddMinutes(-1)));
        a.RecordBid(new BidRecord("x", 1, 1, T0.AddSeconds(-10), false, 0, 0, "slots: full"));
        a.RecordBid(new BidRecord("x", 1, 1, T0.AddSeconds(-5), true, 2, 10, null));
        Assert.True(a.RecordWin("x", 1, 1));
        var b = ComputeInstanceState.Create("eastus/1", "eastus", 1024, 2, 0.00002);
        b.RecordBid(new BidRecord("x", 1, 1, T0.AddSeconds(-5), true, 3, 0, null));
        b.RecordBid(new BidRecord("y", 0, 1, T0.AddSeconds(-1), false, 0, 0, "retired: no"));
        var history = new List<ScalingRecord>
        {
            new(T0.AddMinutes(-2), "eastus", 1, ["eastus/1"], [], "declined demand"),
            new(T0.AddMinutes(-1), "eastus", 2, [], ["eastus/1"], "idle"),
        };

        var snapshot = MarketSnapshots.Build(
            T0,
            new Dictionary<string, List<string>> { ["eastus"] = ["eastus/1", "eastus/0"] },
            new Dictionary<string, ComputeInstanceState> { ["eastus/0"] = a, ["eastus/1"] = b },
            history,
            ["westeurope"]);

        Assert.Equal(["eastus", "westeurope"], snapshot.Regions.Select(r => r.Region));
        Assert.Empty(snapshot.Regions[1].Bidders);
        var bidders = snapshot.Regions[0].Bidders;
        Assert.Equal(["eastus/0", "eastus/1"], bidders.Select(x => x.Id));
        Assert.Equal(1, bidders[0].Busy);
        Assert.Equal(0.5, bidders[0].Utilisation, 6);
        Assert.Equal(0.25, snapshot.Regions[0].Utilisation, 6);

        Assert.Equal(["y", "x"], snapshot.Auctions.Select(x => x.Execution)); // newest first
        var x = snapshot.Auctions[1];
        Assert.Equal("eastus/0", x.Winner);
        Assert.Equal(0, x.Declined); // eastus/0's decline was superseded by its later offer
        Assert.Equal([2.0, 3.0], x.Bids.Select(bid => bid.Price!.Value));
        var y = snapshot.Auctions[0];
        Assert.Null(y.Winner);
        Assert.Equal(1, y.Declined);
        Assert.Equal("eastus", y.Region);

        Assert.Equal([(2, 1), (1, 2)], snapshot.Scaling.Select(s => (s.From, s.To)));
        Assert.Equal("idle", snapshot.Scaling[0].Reason);
    }

    [Fact]
    public void RecordBid_BeyondTheLimit_KeepsTheLatest()
    {
        var state = ComputeInstanceState.Create("r/0", "r", 1024, 1, 1);
        for (var i = 0; i < ComputeInstanceState.RecentBidLimit + 5; i++)
        {
            state.RecordBid(new BidRecord("e", i, 1, T0.AddSeconds(i), true, 1, 0, null));
        }

        Assert.Equal(ComputeInstanceState.RecentBidLimit, state.RecentBids.Count);
        Assert.Equal(5, state.RecentBids[0].UnitId);
        Assert.False(state.RecordWin("e", 0, 1)); // dropped
    }
}
