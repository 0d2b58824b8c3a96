using System.Net;
using System.Text.Json;
using CsCheck;
using Serverless.Api.Handlers;
using Serverless.Api.Tests.Doubles;

namespace Serverless.Api.Tests;

/// <summary>
/// Execution management on `serverless serve`'s application (TestServer, engine ports replaced by doubles): the
/// Durable-style submit payload, idempotent submit, 202/200 polling, terminate, suspend/resume, purge and list paging.
/// </summary>
public sealed class ExecutionManagementTests
{
    private const string Sum = TestFunctions.SumOfSquares;

    private static string Body(int a, int b, string? id = null)
        => id is null
            ? $$$"""{"function":"{{{Sum}}}","arguments":{"a":{{{a}}},"b":{{{b}}}}}"""
            : $$$"""{"id":"{{{id}}}","function":"{{{Sum}}}","arguments":{"a":{{{a}}},"b":{{{b}}}}}""";

    private static async Task<string> SubmitAsync(ApiHost host, int a = 1, int b = 2)
        => (await ApiHost.ReadJsonAsync(await host.PostAsync("/api/execution/submit", Body(a, b)))).GetProperty("id").GetString()!;

    [Fact]
    public async Task Submit_Returns202WithLocationRetryAfterAndEveryManagementUri()
    {
        await using var host = await ApiHost.StartAsync();
        var response = await host.PostAsync("/api/execution/submit", Body(3, 4));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await ApiHost.ReadJsonAsync(response);
        var id = body.GetProperty("id").GetString()!;
        var status = new Uri(body.GetProperty("statusQueryGetUri").GetString()!);
        Assert.Equal(response.Headers.Location, status);
        Assert.Equal($"/api/execution/{id}", status.AbsolutePath);
        Assert.True(response.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        Assert.Equal($"{status}/terminate?reason={{text}}", body.GetProperty("terminatePostUri").GetString());
        Assert.Equal($"{status}/suspend?reason={{text}}", body.GetProperty("suspendPostUri").GetString());
        Assert.Equal($"{status}/resume?reason={{text}}", body.GetProperty("resumePostUri").GetString());
        Assert.Equal(status.ToString(), body.GetProperty("purgeHistoryDeleteUri").GetString());
    }

    [Fact]
    public void Submit_CallerId_SameBodyIsTheSameExecution_OtherBodyIs409AndStartsNothing()
    {
        Gen.Select(Gen.Int[-1000, 1000], Gen.Int[-1000, 1000], Gen.Int[1, 1000]).Sample(
            (a, b, delta) =>
            {
                Task.Run(async () =>
                {
                    await using var host = await ApiHost.StartAsync();
                    var first = await host.PostAsync("/api/execution/submit", Body(a, b, "order-1"));
                    Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
                    Assert.Equal("order-1", (await ApiHost.ReadJsonAsync(first)).GetProperty("id").GetString());

                    var again = await host.PostAsync("/api/execution/submit", Body(a, b, "order-1").Replace(",", " ,\n ", StringComparison.Ordinal));
                    Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
                    Assert.Equal("order-1", (await ApiHost.ReadJsonAsync(again)).GetProperty("id").GetString());
                    Assert.Single(host.Executions.Submissions);

                    var other = await host.PostAsync("/api/execution/submit", Body(a + delta, b, "order-1"));
                    var problem = await ErrorTests.AssertProblemAsync(other, 409, "id");
                    Assert.Contains("order-1", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
                    Assert.Equal(a, Assert.Single(host.Executions.Submissions).Arguments.GetProperty("a").GetInt32());
                }).GetAwaiter().GetResult();
            },
            iter: 10);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("../x")]
    [InlineData("a-very-long-id-that-goes-on-and-on-beyond-the-sixty-four-characters-allowed")]
    public async Task Submit_MalformedCallerId_Is400AndStartsNothing(string id)
    {
        await using var host = await ApiHost.StartAsync();
        await ErrorTests.AssertProblemAsync(await host.PostAsync("/api/execution/submit", Body(1, 2, id)), 400, "id");
        Assert.Equal(0, host.SideEffects);
    }

    [Fact]
    public async Task Status_RunningIs202WithLocationAndRetryAfter_CompletedIs200()
    {
        await using var host = await ApiHost.StartAsync();
        var id = await SubmitAsync(host, 3, 4);
        var running = await host.Client.GetAsync($"/api/execution/{id}");
        Assert.Equal(HttpStatusCode.Accepted, running.StatusCode);
        Assert.Equal($"/api/execution/{id}", running.Headers.Location!.AbsolutePath);
        Assert.NotNull(running.Headers.RetryAfter);
        Assert.Equal("Running", (await ApiHost.ReadJsonAsync(running)).GetProperty("runtimeStatus").GetString());

        var done = await host.Client.GetAsync($"/api/execution/{id}");
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Null(done.Headers.Location);
        var state = await ApiHost.ReadJsonAsync(done);
        Assert.Equal("Completed", state.GetProperty("runtimeStatus").GetString());
        Assert.Equal(25, state.GetProperty("result").GetInt32());
    }

    [Fact]
    public async Task Terminate_Running_Is202TerminatedAndCleansState_EndedIs410_UnknownIs404()
    {
        await using var host = await ApiHost.StartAsync();
        host.Executions.Hold = true;
        var id = await SubmitAsync(host);
        var terminated = await host.Client.PostAsync($"/api/execution/{id}/terminate?reason=operator", null);
        Assert.Equal(HttpStatusCode.Accepted, terminated.StatusCode);
        var state = await ApiHost.ReadJsonAsync(terminated);
        Assert.Equal("Terminated", state.GetProperty("runtimeStatus").GetString());
        Assert.Equal("operator", state.GetProperty("customStatus").GetProperty("reason").GetString());
        Assert.Equal([id], host.Executions.Cleaned);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync($"/api/execution/{id}")).StatusCode);
        await ErrorTests.AssertProblemAsync(await host.Client.PostAsync($"/api/execution/{id}/terminate", null), 410, "id");
        await ErrorTests.AssertProblemAsync(await host.Client.PostAsync("/api/execution/exec-999/terminate", null), 404, "id");
        Assert.Equal([id], host.Executions.Cleaned);
    }

    [Fact]
    public async Task SuspendThenResume_Are202_SuspendedPollsAs202_EndedIs410()
    {
        await using var host = await ApiHost.StartAsync();
        host.Executions.Hold = true;
        var id = await SubmitAsync(host);
        var suspended = await host.Client.PostAsync($"/api/execution/{id}/suspend", null);
        Assert.Equal(HttpStatusCode.Accepted, suspended.StatusCode);
        Assert.Equal("Suspended", (await ApiHost.ReadJsonAsync(suspended)).GetProperty("runtimeStatus").GetString());
        var poll = await host.Client.GetAsync($"/api/execution/{id}");
        Assert.Equal(HttpStatusCode.Accepted, poll.StatusCode);
        Assert.Equal("Suspended", (await ApiHost.ReadJsonAsync(poll)).GetProperty("runtimeStatus").GetString());

        var resumed = await host.Client.PostAsync($"/api/execution/{id}/resume", null);
        Assert.Equal(HttpStatusCode.Accepted, resumed.StatusCode);
        Assert.NotEqual("Suspended", (await ApiHost.ReadJsonAsync(resumed)).GetProperty("runtimeStatus").GetString());

        host.Executions.Hold = false;
        _ = await host.Client.GetAsync($"/api/execution/{id}"); // pending → running
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync($"/api/execution/{id}")).StatusCode);
        await ErrorTests.AssertProblemAsync(await host.Client.PostAsync($"/api/execution/{id}/suspend", null), 410, "id");
        await ErrorTests.AssertProblemAsync(await host.Client.PostAsync($"/api/execution/{id}/resume", null), 410, "id");
        await ErrorTests.AssertProblemAsync(await host.Client.PostAsync("/api/execution/exec-999/resume", null), 404, "id");
    }

    [Fact]
    public async Task Purge_EndedDeletesTheExecution_RunningIs409_UnknownIs404()
    {
        await using var host = await ApiHost.StartAsync();
        var id = await SubmitAsync(host);
        await ErrorTests.AssertProblemAsync(await host.Client.DeleteAsync($"/api/execution/{id}"), 409, "id");
        Assert.Empty(host.Executions.Cleaned);

        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync($"/api/execution/{id}")).StatusCode);
        var purged = await host.Client.DeleteAsync($"/api/execution/{id}");
        Assert.Equal(HttpStatusCode.OK, purged.StatusCode);
        Assert.Equal(1, (await ApiHost.ReadJsonAsync(purged)).GetProperty("instancesDeleted").GetInt32());
        Assert.Equal([id], host.Executions.Cleaned);
        await ErrorTests.AssertProblemAsync(await host.Client.GetAsync($"/api/execution/{id}"), 404, "id");
        await ErrorTests.AssertProblemAsync(await host.Client.DeleteAsync($"/api/execution/{id}"), 404, "id");
    }

    [Fact]
    public void List_RandomCountsAndPageSizes_TheContinuationHeaderWalksEveryExecutionOnce()
    {
        Gen.Select(Gen.Int[0, 12], Gen.Int[1, 5]).Sample(
            (count, top) =>
            {
                Task.Run(async () =>
                {
                    await using var host = await ApiHost.StartAsync();
                    var ids = new List<string>();
                    for (var i = 0; i < count; i++)
                    {
                        ids.Add(await SubmitAsync(host, i, 1));
                    }

                    var seen = new List<string>();
                    string? token = null;
                    for (var page = 0; page <= count; page++)
                    {
                        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/executions?top={top}&function={Sum}");
                        if (token is not null)
                        {
                            request.Headers.Add(ExecutionHandler.ContinuationHeader, token);
                        }

                        var response = await host.Client.SendAsync(request);
                        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                        var items = (await ApiHost.ReadJsonAsync(response)).EnumerateArray().ToList();
                        Assert.True(items.Count <= top);
                        Assert.All(items, e => Assert.EndsWith("/api/execution/" + e.GetProperty("id").GetString(), e.GetProperty("statusQueryGetUri").GetString(), StringComparison.Ordinal));
                        seen.AddRange(items.Select(e => e.GetProperty("id").GetString()!));
                        token = response.Headers.TryGetValues(ExecutionHandler.ContinuationHeader, out var values) ? values.Single() : null;
                        if (token is null)
                        {
                            break;
                        }
                    }

                    Assert.Null(token);
                    Assert.Equal(ids, seen);
                }).GetAwaiter().GetResult();
            },
            iter: 12);
    }

    [Theory]
    [InlineData("runtimeStatus=Sleeping", 400, "runtimeStatus")]
    [InlineData("runtimeStatus=", 400, "runtimeStatus")]
    [InlineData("top=0", 400, "top")]
    [InlineData("top=1001", 400, "top")]
    [InlineData("createdFrom=yesterday", 400, "createdFrom")]
    [InlineData("createdFrom=2026-02-01T00:00:00Z&createdTo=2026-01-01T00:00:00Z", 400, "createdFrom")]
    [InlineData("function=No.Such.Function", 404, "function")]
    [InlineData("color=blue", 400, "color")]
    public async Task List_BadQuery_IsAProblemNamingTheParameter(string query, int status, string field)
    {
        await using var host = await ApiHost.StartAsync();
        await ErrorTests.AssertProblemAsync(await host.Client.GetAsync("/api/executions?" + query), status, field);
    }

    [Fact]
    public async Task List_RuntimeStatusFilter_ReturnsOnlyThoseExecutions()
    {
        await using var host = await ApiHost.StartAsync();
        host.Executions.Hold = true;
        var running = await SubmitAsync(host);
        _ = await host.Client.GetAsync($"/api/execution/{running}");
        var suspended = await SubmitAsync(host);
        Assert.Equal(HttpStatusCode.Accepted, (await host.Client.PostAsync($"/api/execution/{suspended}/suspend", null)).StatusCode);
        var items = (await ApiHost.ReadJsonAsync(await host.Client.GetAsync("/api/executions?runtimeStatus=Suspended"))).EnumerateArray().ToList();
        Assert.Equal([suspended], items.Select(e => e.GetProperty("id").GetString()));
        Assert.Equal("Suspended", items[0].GetProperty("runtimeStatus").GetString());
        var both = (await ApiHost.ReadJsonAsync(await host.Client.GetAsync("/api/executions?runtimeStatus=running,suspended"))).EnumerateArray().Select(e => e.GetProperty("id").GetString()).ToList();
        Assert.Equal([running, suspended], both);
    }
}
