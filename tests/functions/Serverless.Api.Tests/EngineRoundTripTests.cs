using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Api.Catalog;
using Serverless.Api.Planning;
using Serverless.Local.Commands;
using Serverless.Samples;

namespace Serverless.Api.Tests;

/// <summary>
/// `serverless serve`'s application exactly as the CLI builds it (sample catalogue, real planner, Roslyn analysis,
/// embedded Durable Task engine with regional workers), on a TestServer.
/// </summary>
public sealed class EngineRoundTripTests : IAsyncLifetime
{
    private const string Loan = "Serverless.Samples.LoanSchedule.Amortize";
    private const string Sales = "Serverless.Samples.SalesReport.Build";
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _app = ServeCommand.CreateApp(new ServeSettings(), configureHost: web => web.UseTestServer());
        await _app.StartAsync();
        _client = _app.GetTestClient();

        // The in-process Durable Task host records an orchestration's end only once its pending durable timers
        // (the unit timeout) have fired; a short timeout keeps these tests quick. It is also a run-time override.
        var update = await _client.PostAsync("/api/annotation/update", ApiHost.Json($$$"""{"function":"{{{Loan}}}","resourceConstraint":{"memoryMb":512,"timeoutSeconds":2}}"""));
        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task SubmitThenPoll_SampleFunction_ReturnsTheSameResultAsADirectCall()
    {
        var random = new Random(8);
        for (var trial = 0; trial < 3; trial++)
        {
            var principal = random.Next(1_000, 500_000);
            var rate = random.Next(0, 15);
            var months = random.Next(1, 60);
            var state = await RunAsync(Loan, $$$"""{"principal":{{{principal}}},"annualRatePercent":{{{rate}}},"months":{{{months}}}}""");
            Assert.Equal("completed", state.GetProperty("status").GetString());
            var actual = state.GetProperty("result").Deserialize<LoanSummary>(Web)!;
            var expected = LoanSchedule.Amortize(principal, rate, months);
            Assert.Equal(expected.MonthlyPayment, actual.MonthlyPayment);
            Assert.Equal(expected.TotalInterest, actual.TotalInterest);
            Assert.Equal(expected.Rows, actual.Rows);
            var units = state.GetProperty("units").EnumerateArray().ToList();
            Assert.NotEmpty(units);
            Assert.All(units, u => Assert.Equal("westeurope", u.GetProperty("region").GetString())); // strict geo preference of the sample
            Assert.All(units, u => Assert.True(u.GetProperty("attempts").GetInt32() >= 1));
            Assert.True(state.GetProperty("cost").GetProperty("total").GetDouble() > 0);
        }

        // The executions' measurements are what the planner reads on the next call.
        var measured = await _app.Services.GetRequiredService<IMeasuredProfiles>().FindAsync(Loan);
        Assert.NotNull(measured);
        var graph = _app.Services.GetRequiredService<IManifestCatalog>().Find(Loan)!;
        Assert.Equal(graph.Segments.Select(s => s.Id).Order(), measured.SegmentWorkMs.Keys.Order());
        Assert.All(measured.SegmentWorkMs.Values, a => Assert.True(a.Count >= 3, $"{a.Count} samples after 3 executions"));
    }

    [Fact]
    public async Task Submit_OnServe_EveryUnitIsAuctionedInItsPlannedRegionAndRunsOnTheWinner()
    {
        var state = await RunAsync(Loan, """{"principal":12000,"annualRatePercent":4,"months":12}""");
        Assert.Equal("completed", state.GetProperty("status").GetString());
        var id = state.GetProperty("id").GetString();
        var market = await _client.GetFromJsonElementAsync("/api/market");
        var regions = market.GetProperty("regions").EnumerateArray().ToList();
        Assert.All(regions, r => Assert.Equal(2, r.GetProperty("bidders").GetArrayLength())); // two instances in every configured region
        var auctions = market.GetProperty("auctions").EnumerateArray().Where(a => a.GetProperty("execution").GetString() == id).ToList();
        var planned = state.GetProperty("plan").GetProperty("units").EnumerateArray().ToDictionary(u => u.GetProperty("id").GetInt32(), u => u.GetProperty("region").GetString());
        foreach (var unit in state.GetProperty("units").EnumerateArray())
        {
            var auction = Assert.Single(auctions, a => a.GetProperty("unit").GetInt32() == unit.GetProperty("unit").GetInt32());
            Assert.Equal(planned[unit.GetProperty("unit").GetInt32()], auction.GetProperty("region").GetString());
            Assert.Equal(unit.GetProperty("instance").GetString(), auction.GetProperty("winner").GetString()); // the award is where it ran
            Assert.Equal(2, auction.GetProperty("bids").GetArrayLength());
        }

        // The timeline draws each unit's planned bar (the planner's schedule) in the lane of the bar as run.
        var svg = System.Xml.Linq.XDocument.Parse(await _client.GetStringAsync($"/api/execution/{id}?format=timeline"));
        var groups = svg.Descendants().Where(e => e.Name.LocalName == "g").ToList();
        var lanes = groups.Where(g => (string?)g.Attribute("class") == "unit" && g.Attribute("data-lane") is not null).ToDictionary(g => (string)g.Attribute("data-unit")!, g => (string)g.Attribute("data-lane")!);
        var plannedBars = groups.Where(g => (string?)g.Attribute("class") == "planned").ToList();
        Assert.Equal(lanes.Keys.Order(), plannedBars.Select(g => (string)g.Attribute("data-unit")!).Order());
        Assert.All(plannedBars, g => Assert.Equal(lanes[(string)g.Attribute("data-unit")!], (string)g.Attribute("data-lane")!));
        Assert.All(state.GetProperty("plan").GetProperty("units").EnumerateArray(), u => Assert.True(u.GetProperty("plannedFinishMs").GetDouble() >= u.GetProperty("plannedStartMs").GetDouble()));

        // The leases were released when the execution ended: nobody is busy.
        Assert.All(regions.SelectMany(r => r.GetProperty("bidders").EnumerateArray()), b => Assert.Equal(0, b.GetProperty("busy").GetInt32()));
    }

    [Fact]
    public async Task Submit_SegmentThrows_ReportsTheOriginalErrorType()
    {
        var state = await RunAsync(Loan, """{"principal":1000,"annualRatePercent":5,"months":0}""");
        Assert.Equal("failed", state.GetProperty("status").GetString());
        Assert.Contains("ArgumentOutOfRangeException", state.GetProperty("error").GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.Contains("at least one month", state.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnnotationUpdate_StrictRegion_MovesTheNextExecutionThere()
    {
        var functions = await _client.GetFromJsonElementAsync("/api/functions");
        Assert.Contains(functions.GetProperty("functions").EnumerateArray(), f => f.GetProperty("function").GetString() == Sales);
        var before = await _client.PostAsync("/api/split/analyze", ApiHost.Json($$"""{"function":"{{Sales}}"}"""));
        var beforeRegions = (await ApiHost.ReadJsonAsync(before)).GetProperty("plan").GetProperty("units").EnumerateArray().Select(u => u.GetProperty("region").GetString()).ToHashSet();
        var target = beforeRegions.Contains("northeurope") ? "eastus" : "northeurope";

        var update = await _client.PostAsync("/api/annotation/update", ApiHost.Json($$$"""{"function":"{{{Sales}}}","geoPreference":{"regions":["{{{target}}}"],"strict":true}}"""));
        Assert.Equal(HttpStatusCode.OK, update.StatusCode);

        var analyzed = await ApiHost.ReadJsonAsync(await _client.PostAsync("/api/split/analyze", ApiHost.Json($$"""{"function":"{{Sales}}"}""")));
        Assert.All(analyzed.GetProperty("plan").GetProperty("units").EnumerateArray(), u => Assert.Equal(target, u.GetProperty("region").GetString()));
        var deploy = await ApiHost.ReadJsonAsync(await _client.PostAsync("/api/function/deploy", ApiHost.Json($$"""{"function":"{{Sales}}"}""")));
        Assert.Equal(target, Assert.Single(deploy.GetProperty("regions").EnumerateArray()).GetProperty("region").GetString());
    }

    [Fact]
    public async Task AnalyzeSource_RealAnalysis_ReturnsSegmentsAndEdges()
    {
        const string source = """
            using Serverless.Annotations;
            namespace Demo;
            public static class Calc
            {
                [Splitable]
                public static int Twice(int a)
                {
                    var b = a * 2;
                    var c = b + 1;
                    return c - 1;
                }
            }
            """;
        var response = await _client.PostAsync("/api/split/analyze", ApiHost.Json(JsonSerializer.Serialize(new { source })));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var function = Assert.Single((await ApiHost.ReadJsonAsync(response)).GetProperty("functions").EnumerateArray());
        Assert.Equal("Demo.Calc.Twice", function.GetProperty("function").GetString());
        Assert.Equal(3, function.GetProperty("segments").GetArrayLength());
        Assert.Equal([(0, 1), (1, 2)], function.GetProperty("edges").EnumerateArray().Select(e => (e.GetProperty("from").GetInt32(), e.GetProperty("to").GetInt32())));
    }

    private async Task<JsonElement> RunAsync(string function, string arguments)
    {
        var submit = await _client.PostAsync("/api/execution/submit", ApiHost.Json($$$"""{"function":"{{{function}}}","arguments":{{{arguments}}}}"""));
        Assert.Equal(HttpStatusCode.Accepted, submit.StatusCode);
        var uri = (await ApiHost.ReadJsonAsync(submit)).GetProperty("statusQueryGetUri").GetString()!;
        var started = Environment.TickCount64;
        while (true)
        {
            var state = await _client.GetFromJsonElementAsync(uri);
            if (state.GetProperty("status").GetString() is "completed" or "failed" or "canceled")
            {
                return state;
            }

            Assert.True(Environment.TickCount64 - started < 60_000, "the execution did not end within 60 s: " + state.GetRawText());
            await Task.Delay(100);
        }
    }
}

internal static class HttpClientJson
{
    public static async Task<JsonElement> GetFromJsonElementAsync(this HttpClient client, string uri)
        => await ApiHost.ReadJsonAsync(await client.GetAsync(uri));
}
