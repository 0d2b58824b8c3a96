using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Serverless.Local.Commands;
using Serverless.Orchestrations.Dispatch;

namespace Serverless.Api.Tests;

/// <summary>
/// `serverless serve` with <c>Serverless__Dispatch__Undeployed</c> (<see cref="ServeSettings.Undeployed"/>), end to end
/// over HTTP: in fail mode a function runs only after <c>/api/function/deploy</c> recorded its virtual functions; in
/// deploy mode the engine deploys them itself and <c>GET /api/function/{id}</c> lists them.
/// </summary>
public sealed class ServeUndeployedDispatchTests
{
    private const string Loan = "Serverless.Samples.LoanSchedule.Amortize";
    private const string Arguments = """{"principal":12000,"annualRatePercent":4,"months":12}""";

    private static async Task<(WebApplication App, HttpClient Client)> StartAsync(UndeployedUnits undeployed)
    {
        var app = ServeCommand.CreateApp(new ServeSettings { Undeployed = undeployed }, configureHost: web => web.UseTestServer());
        await app.StartAsync();
        var client = app.GetTestClient();
        // A short unit timeout: the in-process host records an execution's end once its unit timers have fired.
        var update = await client.PostAsync("/api/annotation/update", ApiHost.Json($$$"""{"function":"{{{Loan}}}","resourceConstraint":{"memoryMb":512,"timeoutSeconds":2}}"""));
        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        return (app, client);
    }

    private static async Task<System.Text.Json.JsonElement> RunAsync(HttpClient client)
    {
        var submit = await client.PostAsync("/api/execution/submit", ApiHost.Json($$$"""{"function":"{{{Loan}}}","arguments":{{{Arguments}}}}"""));
        Assert.Equal(HttpStatusCode.Accepted, submit.StatusCode);
        var uri = (await ApiHost.ReadJsonAsync(submit)).GetProperty("statusQueryGetUri").GetString()!;
        var started = Environment.TickCount64;
        while (true)
        {
            var state = await client.GetFromJsonElementAsync(uri);
            if (state.GetProperty("status").GetString() is "completed" or "failed" or "canceled")
            {
                return state;
            }

            // A hang guard, not a time assertion.
            Assert.True(Environment.TickCount64 - started < 120_000, "the execution did not end within 120 s: " + state.GetRawText());
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task FailMode_BeforeDeploy_FailsNamingTheVirtualFunction_AfterDeploy_Completes()
    {
        var (app, client) = await StartAsync(UndeployedUnits.Fail);
        await using (app)
        {
            var before = await RunAsync(client);
            Assert.Equal("failed", before.GetProperty("status").GetString());
            var error = before.GetProperty("error");
            Assert.Equal(DeploymentCheck.UndeployedFunctionType, error.GetProperty("type").GetString());
            var message = error.GetProperty("message").GetString()!;
            Assert.Contains($"{Loan}/u", message, StringComparison.Ordinal);
            Assert.Contains("@westeurope", message, StringComparison.Ordinal);
            Assert.Contains("POST /api/function/deploy", message, StringComparison.Ordinal);

            var deploy = await client.PostAsync("/api/function/deploy", ApiHost.Json($$$"""{"function":"{{{Loan}}}"}"""));
            Assert.Equal(HttpStatusCode.OK, deploy.StatusCode);

            var after = await RunAsync(client);
            Assert.True(after.GetProperty("status").GetString() == "completed", after.GetRawText());
        }
    }

    [Fact]
    public async Task DeployMode_NothingDeployed_EngineDeploysTheUnitsThenRunsAndTheRouteListsThem()
    {
        var (app, client) = await StartAsync(UndeployedUnits.Deploy);
        await using (app)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/function/{Loan}")).StatusCode);

            var state = await RunAsync(client);
            Assert.True(state.GetProperty("status").GetString() == "completed", state.GetRawText());

            var listed = await client.GetAsync($"/api/function/{Loan}");
            Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
            var deployed = (await ApiHost.ReadJsonAsync(listed)).GetProperty("deployed").EnumerateArray().ToList();
            var ran = state.GetProperty("units").EnumerateArray().Select(u => $"{Loan}/u{u.GetProperty("unit").GetInt32()}@{u.GetProperty("region").GetString()}").Order(StringComparer.Ordinal);
            Assert.Equal(ran, deployed.Select(d => d.GetProperty("id").GetString()!).Order(StringComparer.Ordinal));
        }
    }
}
