using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Serverless.Api.Market;
using Serverless.Local.Serve;

namespace Serverless.Api.Tests;

/// <summary><c>GET /api/market</c> on serve: what its in-process market holds, read from the market's entities.</summary>
public sealed class MarketEndpointTests
{
    [Fact]
    public async Task Market_AfterAnAuction_ListsTheRegionsBiddersTheAuctionItsBidsAndItsWinner()
    {
        await using var host = await ApiHost.StartAsync();
        var winner = await MarketAuctions.RunOneAsync(host.Services.GetRequiredService<EngineHost>().Market, "market-1");

        var response = await host.Client.GetAsync("/api/market");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await ApiHost.ReadJsonAsync(response);
        var region = body.GetProperty("regions").EnumerateArray().Single(r => r.GetProperty("region").GetString() == MarketAuctions.Region);
        var bidders = region.GetProperty("bidders").EnumerateArray().ToList();
        Assert.Equal(3, bidders.Count);
        var busy = bidders.Single(b => b.GetProperty("id").GetString() == winner);
        Assert.Equal(1, busy.GetProperty("busy").GetInt32());
        Assert.Equal(4, busy.GetProperty("slots").GetInt32());
        Assert.Equal(0.25, busy.GetProperty("utilisation").GetDouble(), 6); // 1 of 4 slots (256 of 4096 MB is less)
        Assert.All(bidders.Where(b => b.GetProperty("id").GetString() != winner), b => Assert.Equal(0, b.GetProperty("busy").GetInt32()));

        var auction = body.GetProperty("auctions").EnumerateArray().Single(a => a.GetProperty("execution").GetString() == "market-1");
        Assert.Equal(0, auction.GetProperty("unit").GetInt32());
        Assert.Equal(MarketAuctions.Region, auction.GetProperty("region").GetString());
        Assert.Equal(winner, auction.GetProperty("winner").GetString());
        Assert.Equal(1, auction.GetProperty("declined").GetInt32());
        var bids = auction.GetProperty("bids").EnumerateArray().ToList();
        Assert.Equal(3, bids.Count);
        var declined = Assert.Single(bids, b => !b.GetProperty("accepted").GetBoolean());
        Assert.StartsWith("memory:", declined.GetProperty("declineReason").GetString());
        Assert.Equal(JsonValueKind.Null, declined.GetProperty("price").ValueKind);
        var won = Assert.Single(bids, b => b.GetProperty("won").GetBoolean());
        Assert.Equal(winner, won.GetProperty("instance").GetString());
        Assert.True(won.GetProperty("price").GetDouble() > 0);
        // The cheaper instance wins an otherwise equal auction.
        Assert.True(won.GetProperty("price").GetDouble() <= bids.Where(b => b.GetProperty("accepted").GetBoolean()).Min(b => b.GetProperty("price").GetDouble()));
        Assert.Empty(body.GetProperty("scaling").EnumerateArray());
    }

    [Fact]
    public async Task Market_HostWithoutAMarket_Answers503NamingIt()
    {
        await using var host = await ApiHost.StartAsync(configure: s => s.RemoveAll<IMarketReader>());
        var response = await host.Client.GetAsync("/api/market");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("no compute market", (await ApiHost.ReadJsonAsync(response)).GetProperty("detail").GetString());
    }
}
