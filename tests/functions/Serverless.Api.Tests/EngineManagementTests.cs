using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Api.Handlers;
using Serverless.Api.Tests.Doubles;
using Serverless.Local.Commands;
using Serverless.Local.Serve;
using Serverless.Orchestrations.Ports;

namespace Serverless.Api.Tests;

/// <summary>
/// Execution management on `serverless serve` with the real embedded Durable Task engine. Only the origin's worker
/// pool runs (the pools double starts no other), so an execution planned in another region stays running until it
/// is terminated; one planned at the origin completes.
/// </summary>
public sealed class EngineManagementTests : IAsyncLifetime
{
    private const string Loan = "Serverless.Samples.LoanSchedule.Amortize";
    private const string Arguments = """{"principal":25000,"annualRatePercent":4.5,"months":12}""";
    private WebApplication _app = null!;
    private HttpClient _client = null!;
    private int _segments;

    public async Task InitializeAsync()
    {
        _app = ServeCommand.CreateApp(new ServeSettings(), services => services.AddSingleton<IWorkerPoolHost>(new RecordingWorkerPools()), web => web.UseTestServer());
        await _app.StartAsync();
        _client = _app.GetTestClient();
        var update = await _client.PostAsync("/api/annotation/update", ApiHost.Json($$$"""{"function":"{{{Loan}}}","geoPreference":{"regions":["westeurope","eastus"],"strict":true},"resourceConstraint":{"memoryMb":512,"timeoutSeconds":2}}"""));
        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        var functions = await ApiHost.ReadJsonAsync(await _client.GetAsync("/api/functions"));
        _segments = functions.GetProperty("functions").EnumerateArray().Single(f => f.GetProperty("function").GetString() == Loan).GetProperty("segments").GetInt32();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    private string Body(string region, string? id = null, int months = 12)
    {
        var segments = string.Join(",", Enumerable.Range(0, _segments));
        var plan = $$"""{"algorithm":"manual","units":[{"id":0,"segments":[{{segments}}],"region":"{{region}}"}],"cost":{"compute":0,"transfer":0,"total":0},"makespanMs":0,"objective":0}""";
        var arguments = Arguments.Replace("\"months\":12", $"\"months\":{months}", StringComparison.Ordinal);
        return id is null
            ? $$"""{"function":"{{Loan}}","arguments":{{arguments}},"plan":{{plan}}}"""
            : $$"""{"id":"{{id}}","function":"{{Loan}}","arguments":{{arguments}},"plan":{{plan}}}""";
    }

    private async Task<string> SubmitAsync(string region, string? id = null)
    {
        var response = await _client.PostAsync("/api/execution/submit", ApiHost.Json(Body(region, id)));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await ApiHost.ReadJsonAsync(response)).GetProperty("id").GetString()!;
    }

    private async Task<(HttpStatusCode Code, JsonElement State)> PollAsync(string id, Func<JsonElement, bool> until)
    {
        for (var i = 0; ; i++)
        {
            var response = await _client.GetAsync($"/api/execution/{id}");
            var state = await ApiHost.ReadJsonAsync(response);
            if (until(state) || i >= 600)
            {
                return (response.StatusCode, state);
            }

            await Task.Delay(100);
        }
    }

    private IStateStore Store => _app.Services.GetRequiredService<EngineHost>().Running!.Store;

    [Fact]
    public async Task Submit_AtTheOrigin_PollsAs202ThenCompletesAs200()
    {
        var id = await SubmitAsync("westeurope");
        var (code, state) = await PollAsync(id, s => s.GetProperty("runtimeStatus").GetString() is "Completed" or "Failed");
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal("Completed", state.GetProperty("runtimeStatus").GetString());
        Assert.True(state.GetProperty("createdTime").GetDateTimeOffset() <= state.GetProperty("lastUpdatedTime").GetDateTimeOffset());
    }

    [Fact]
    public async Task Submit_CallerId_TwiceIsOneExecution_OtherBodyIs409()
    {
        var first = await SubmitAsync("eastus", "loan-7");
        var again = await SubmitAsync("eastus", "loan-7");
        Assert.Equal("loan-7", first);
        Assert.Equal(first, again);
        var conflict = await _client.PostAsync("/api/execution/submit", ApiHost.Json(Body("eastus", "loan-7", months: 24)));
        await ErrorTests.AssertProblemAsync(conflict, 409, "id");

        var listed = (await ApiHost.ReadJsonAsync(await _client.GetAsync($"/api/executions?function={Loan}"))).EnumerateArray().Count(e => e.GetProperty("id").GetString() == "loan-7");
        Assert.Equal(1, listed);
        Assert.Equal(HttpStatusCode.Accepted, (await _client.PostAsync("/api/execution/loan-7/terminate", null)).StatusCode);
    }

    [Fact]
    public async Task Terminate_RunningExecution_EndsItAndDeletesItsState()
    {
        var id = await SubmitAsync("eastus");
        var (code, running) = await PollAsync(id, s => s.GetProperty("runtimeStatus").GetString() == "Running");
        Assert.Equal(HttpStatusCode.Accepted, code);
        Assert.Equal("Running", running.GetProperty("runtimeStatus").GetString());
        Assert.NotEmpty(await Store.ListAsync(id)); // its arguments and plan

        var terminated = await _client.PostAsync($"/api/execution/{id}/terminate?reason=test", null);
        Assert.Equal(HttpStatusCode.Accepted, terminated.StatusCode);
        Assert.Equal("Terminated", (await ApiHost.ReadJsonAsync(terminated)).GetProperty("runtimeStatus").GetString());
        Assert.Empty(await Store.ListAsync(id));
        var (after, state) = await PollAsync(id, _ => true);
        Assert.Equal(HttpStatusCode.OK, after);
        Assert.Equal("canceled", state.GetProperty("status").GetString());
        await ErrorTests.AssertProblemAsync(await _client.PostAsync($"/api/execution/{id}/terminate", null), 410, "id");
    }

    [Fact]
    public async Task SuspendResumeThenPurge_OnTheEngine()
    {
        var id = await SubmitAsync("eastus");
        _ = await PollAsync(id, s => s.GetProperty("runtimeStatus").GetString() == "Running");
        var suspended = await _client.PostAsync($"/api/execution/{id}/suspend?reason=maintenance", null);
        Assert.Equal(HttpStatusCode.Accepted, suspended.StatusCode);
        Assert.Equal("Suspended", (await ApiHost.ReadJsonAsync(suspended)).GetProperty("runtimeStatus").GetString());
        var listed = (await ApiHost.ReadJsonAsync(await _client.GetAsync("/api/executions?runtimeStatus=Suspended"))).EnumerateArray().Select(e => e.GetProperty("id").GetString()).ToList();
        Assert.Contains(id, listed);

        var resumed = await _client.PostAsync($"/api/execution/{id}/resume", null);
        Assert.Equal(HttpStatusCode.Accepted, resumed.StatusCode);
        Assert.Equal("Running", (await ApiHost.ReadJsonAsync(resumed)).GetProperty("runtimeStatus").GetString());

        await ErrorTests.AssertProblemAsync(await _client.DeleteAsync($"/api/execution/{id}"), 409, "id");
        Assert.Equal(HttpStatusCode.Accepted, (await _client.PostAsync($"/api/execution/{id}/terminate", null)).StatusCode);
        // 202 means the terminate was accepted, as in Durable; purge once it has taken effect, or the termination can
        // land after the purge and leave a terminated record behind.
        _ = await PollAsync(id, s => s.GetProperty("runtimeStatus").GetString() == "Terminated");
        var purged = await _client.DeleteAsync($"/api/execution/{id}");
        Assert.Equal(HttpStatusCode.OK, purged.StatusCode);
        await ErrorTests.AssertProblemAsync(await _client.GetAsync($"/api/execution/{id}"), 404, "id");
        Assert.Empty(await Store.ListAsync(id));
    }

    [Fact]
    public async Task List_PagesOfTwo_WalkEveryExecutionOnce()
    {
        var ids = new HashSet<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await SubmitAsync("eastus"));
        }

        var seen = new List<string>();
        string? token = null;
        for (var page = 0; page < 50; page++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/executions?top=2&function={Loan}");
            if (token is not null)
            {
                request.Headers.Add(ExecutionHandler.ContinuationHeader, token);
            }

            var response = await _client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var items = (await ApiHost.ReadJsonAsync(response)).EnumerateArray().ToList();
            Assert.True(items.Count <= 2);
            seen.AddRange(items.Select(e => e.GetProperty("id").GetString()!));
            token = response.Headers.TryGetValues(ExecutionHandler.ContinuationHeader, out var values) ? values.Single() : null;
            if (token is null)
            {
                break;
            }
        }

        Assert.Null(token);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Subset(seen.ToHashSet(), ids);
        foreach (var id in ids)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await _client.PostAsync($"/api/execution/{id}/terminate", null)).StatusCode);
        }
    }
}
