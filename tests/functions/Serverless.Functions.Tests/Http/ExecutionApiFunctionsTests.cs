using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Api.Catalog;
using Serverless.Functions.Tests.Execution;
using Serverless.Functions.Http;
using Serverless.Orchestrations.InMemory;
using Serverless.Orchestrations.Ports;

namespace Serverless.Functions.Tests.Http;

/// <summary>
/// The execution-management routes of the Functions app, through its HTTP trigger class (the handler, the Durable
/// execution service and the invocation's client scope exactly as the host calls them), over a fake Durable client
/// and an in-memory state store.
/// </summary>
public sealed class ExecutionApiFunctionsTests : IDisposable
{
    private readonly FakeDurableTaskClient _client = new();
    private readonly InMemoryStateStore _store = new();
    private readonly ServiceProvider _provider;
    private readonly string _function;
    private readonly string _arguments;

    public ExecutionApiFunctionsTests()
    {
        // No storage account: annotations in memory; the engine's state store is this test's.
        _provider = HttpApiServicesTests.SampleApp(
            new Dictionary<string, string?> { ["Serverless:StorageConnection"] = "", ["Serverless:StorageAccountName"] = "" },
            services => services.AddSingleton<IStateStore>(_store));
        var graph = _provider.GetRequiredService<IManifestCatalog>().Functions.First(g => g.Function == "Serverless.Samples.LoanSchedule.Amortize");
        _function = graph.Function;
        _arguments = """{"principal":25000,"annualRatePercent":4.5,"months":36}""";
    }

    public void Dispose() => _provider.Dispose();

    private sealed record Response(int Status, IHeaderDictionary Headers, string Text)
    {
        public JsonElement Json => JsonDocument.Parse(Text).RootElement;
    }

    private async Task<Response> CallAsync(Func<ExecutionApiFunctions, HttpRequest, DurableTaskClient, Task<IResult>> trigger, string method, string path, string? body = null, string? query = null, string? continuation = null)
    {
        var context = new DefaultHttpContext { RequestServices = _provider };
        context.Request.Method = method;
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("splitter.example");
        context.Request.Path = path;
        context.Request.QueryString = query is null ? QueryString.Empty : new QueryString(query);
        if (continuation is not null)
        {
            context.Request.Headers[Serverless.Api.Handlers.ExecutionHandler.ContinuationHeader] = continuation;
        }

        if (body is not null)
        {
            context.Request.ContentType = "application/json";
            context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        }

        var output = new MemoryStream();
        context.Response.Body = output;
        var result = await trigger(ActivatorUtilities.CreateInstance<ExecutionApiFunctions>(_provider), context.Request, _client);
        await result.ExecuteAsync(context);
        return new Response(context.Response.StatusCode, context.Response.Headers, Encoding.UTF8.GetString(output.ToArray()));
    }

    private Task<Response> SubmitAsync(string body) => CallAsync((f, r, c) => f.Submit(r, c), "POST", "/api/execution/submit", body);

    private Task<Response> StatusAsync(string id) => CallAsync((f, r, c) => f.Status(r, c, id), "GET", $"/api/execution/{id}");

    private string Body(string? id = null, string? arguments = null)
        => id is null
            ? $$"""{"function":"{{_function}}","arguments":{{arguments ?? _arguments}}}"""
            : $$"""{"id":"{{id}}","function":"{{_function}}","arguments":{{arguments ?? _arguments}}}""";

    private void SetStatus(string id, OrchestrationRuntimeStatus status)
    {
        var m = _client.Instances[id];
        _client.Instances[id] = new OrchestrationMetadata(m.Name, id) { RuntimeStatus = status, SerializedInput = m.SerializedInput, DataConverter = m.DataConverter, CreatedAt = m.CreatedAt, LastUpdatedAt = m.LastUpdatedAt };
    }

    [Fact]
    public async Task Submit_Returns202WithLocationRetryAfterAndTheManagementUris()
    {
        var response = await SubmitAsync(Body());

        Assert.Equal(202, response.Status);
        var id = response.Json.GetProperty("id").GetString()!;
        var status = $"https://splitter.example/api/execution/{id}";
        Assert.Equal(status, response.Headers.Location.ToString());
        Assert.True(int.Parse(response.Headers.RetryAfter.ToString(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.Equal(status, response.Json.GetProperty("statusQueryGetUri").GetString());
        Assert.Equal(status + "/terminate?reason={text}", response.Json.GetProperty("terminatePostUri").GetString());
        Assert.Equal(status + "/suspend?reason={text}", response.Json.GetProperty("suspendPostUri").GetString());
        Assert.Equal(status + "/resume?reason={text}", response.Json.GetProperty("resumePostUri").GetString());
        Assert.Equal(status, response.Json.GetProperty("purgeHistoryDeleteUri").GetString());
        Assert.Equal(id, Assert.Single(_client.Scheduled).InstanceId);
    }

    [Fact]
    public async Task Submit_SameIdSameBody_ReturnsTheExistingExecution_OtherBodyIs409AndStartsNothing()
    {
        var first = await SubmitAsync(Body("order-42"));
        Assert.Equal(202, first.Status);
        Assert.Equal("order-42", first.Json.GetProperty("id").GetString());

        // The same request again (formatting aside) is the same execution: nothing new is scheduled.
        var again = await SubmitAsync(Body("order-42").Replace(",", ", ", StringComparison.Ordinal));
        Assert.Equal(202, again.Status);
        Assert.Equal("order-42", again.Json.GetProperty("id").GetString());
        Assert.Single(_client.Scheduled);

        var keys = (await _store.ListAsync("order-42")).Count;
        var other = await SubmitAsync(Body("order-42", """{"principal":1000,"annualRatePercent":4.5,"months":36}"""));
        Assert.Equal(409, other.Status);
        Assert.Equal("id", other.Json.GetProperty("field").GetString());
        Assert.Single(_client.Scheduled);
        Assert.Equal(keys, (await _store.ListAsync("order-42")).Count);
    }

    [Fact]
    public async Task Status_PendingOrRunningIs202WithLocation_EndedIs200()
    {
        var id = (await SubmitAsync(Body())).Json.GetProperty("id").GetString()!;
        foreach (var (status, name) in new[] { (OrchestrationRuntimeStatus.Pending, "Pending"), (OrchestrationRuntimeStatus.Running, "Running"), (OrchestrationRuntimeStatus.Suspended, "Suspended") })
        {
            SetStatus(id, status);
            var polling = await StatusAsync(id);
            Assert.Equal(202, polling.Status);
            Assert.Equal($"https://splitter.example/api/execution/{id}", polling.Headers.Location.ToString());
            Assert.False(string.IsNullOrEmpty(polling.Headers.RetryAfter.ToString()));
            Assert.Equal(name, polling.Json.GetProperty("runtimeStatus").GetString());
            Assert.Equal(_client.Instances[id].CreatedAt, polling.Json.GetProperty("createdTime").GetDateTimeOffset());
        }

        foreach (var (status, name) in new[] { (OrchestrationRuntimeStatus.Completed, "Completed"), (OrchestrationRuntimeStatus.Failed, "Failed"), (OrchestrationRuntimeStatus.Terminated, "Terminated") })
        {
            SetStatus(id, status);
            var ended = await StatusAsync(id);
            Assert.Equal(200, ended.Status);
            Assert.Equal(name, ended.Json.GetProperty("runtimeStatus").GetString());
        }

        Assert.Equal(404, (await StatusAsync("x-missing")).Status);
    }

    [Fact]
    public async Task Terminate_Running_Returns202AndCleansState_EndedIs410_UnknownIs404()
    {
        var id = (await SubmitAsync(Body())).Json.GetProperty("id").GetString()!;
        SetStatus(id, OrchestrationRuntimeStatus.Running);
        await _store.PutAsync(new StateKey(id, "schedule", "1"), new byte[] { 1, 2, 3 });

        var terminated = await CallAsync((f, r, c) => f.Terminate(r, c, id), "POST", $"/api/execution/{id}/terminate", query: "?reason=operator");
        Assert.Equal(202, terminated.Status);
        Assert.Equal("Terminated", terminated.Json.GetProperty("runtimeStatus").GetString());
        Assert.Equal([id], _client.Terminated);
        Assert.Empty(await _store.ListAsync(id));

        Assert.Equal(410, (await CallAsync((f, r, c) => f.Terminate(r, c, id), "POST", $"/api/execution/{id}/terminate")).Status);
        Assert.Equal(404, (await CallAsync((f, r, c) => f.Terminate(r, c, "x-missing"), "POST", "/api/execution/x-missing/terminate")).Status);
        Assert.Single(_client.Terminated);
    }

    [Fact]
    public async Task SuspendThenResume_Returns202WithTheNewRuntimeStatus_EndedIs410()
    {
        var id = (await SubmitAsync(Body())).Json.GetProperty("id").GetString()!;
        SetStatus(id, OrchestrationRuntimeStatus.Running);

        var suspended = await CallAsync((f, r, c) => f.Suspend(r, c, id), "POST", $"/api/execution/{id}/suspend");
        Assert.Equal(202, suspended.Status);
        Assert.Equal("Suspended", suspended.Json.GetProperty("runtimeStatus").GetString());
        Assert.Equal("Suspended", (await StatusAsync(id)).Json.GetProperty("runtimeStatus").GetString());

        var resumed = await CallAsync((f, r, c) => f.Resume(r, c, id), "POST", $"/api/execution/{id}/resume");
        Assert.Equal(202, resumed.Status);
        Assert.Equal("Running", resumed.Json.GetProperty("runtimeStatus").GetString());

        SetStatus(id, OrchestrationRuntimeStatus.Completed);
        Assert.Equal(410, (await CallAsync((f, r, c) => f.Suspend(r, c, id), "POST", $"/api/execution/{id}/suspend")).Status);
        Assert.Equal(410, (await CallAsync((f, r, c) => f.Resume(r, c, id), "POST", $"/api/execution/{id}/resume")).Status);
        Assert.Equal(404, (await CallAsync((f, r, c) => f.Suspend(r, c, "x-missing"), "POST", "/api/execution/x-missing/suspend")).Status);
    }

    [Fact]
    public async Task Purge_EndedDeletesHistoryAndState_RunningIs409_UnknownIs404()
    {
        var id = (await SubmitAsync(Body())).Json.GetProperty("id").GetString()!;
        SetStatus(id, OrchestrationRuntimeStatus.Running);
        Assert.Equal(409, (await CallAsync((f, r, c) => f.Purge(r, c, id), "DELETE", $"/api/execution/{id}")).Status);
        Assert.Empty(_client.Purged);

        SetStatus(id, OrchestrationRuntimeStatus.Completed);
        Assert.NotEmpty(await _store.ListAsync(id));
        var purged = await CallAsync((f, r, c) => f.Purge(r, c, id), "DELETE", $"/api/execution/{id}");
        Assert.Equal(200, purged.Status);
        Assert.Equal(1, purged.Json.GetProperty("instancesDeleted").GetInt32());
        Assert.Equal([id], _client.Purged);
        Assert.Empty(await _store.ListAsync(id));
        Assert.Equal(404, (await StatusAsync(id)).Status);
        Assert.Equal(404, (await CallAsync((f, r, c) => f.Purge(r, c, id), "DELETE", $"/api/execution/{id}")).Status);
    }

    [Fact]
    public async Task List_RandomPageSizes_FollowingTheContinuationTokenGivesEveryMatchingExecutionOnce()
    {
        var random = new Random(19);
        var ids = new List<string>();
        for (var i = 0; i < 9; i++)
        {
            ids.Add((await SubmitAsync(Body())).Json.GetProperty("id").GetString()!);
        }

        var completed = ids.Where((_, i) => i % 3 == 0).ToHashSet();
        foreach (var id in ids)
        {
            SetStatus(id, completed.Contains(id) ? OrchestrationRuntimeStatus.Completed : OrchestrationRuntimeStatus.Running);
        }

        for (var trial = 0; trial < 6; trial++)
        {
            var top = random.Next(1, 5);
            var filter = trial % 2 == 0 ? null : "Completed";
            var seen = new List<string>();
            string? token = null;
            for (var page = 0; page < 20; page++)
            {
                var query = $"?top={top}" + (filter is null ? string.Empty : $"&runtimeStatus={filter}") + (trial % 3 == 0 ? $"&function={_function}" : string.Empty);
                var response = await CallAsync((f, r, c) => f.List(r, c), "GET", "/api/executions", query: query, continuation: token);
                Assert.Equal(200, response.Status);
                var items = response.Json.EnumerateArray().ToList();
                Assert.True(items.Count <= top, $"page of {items.Count} with top={top}");
                seen.AddRange(items.Select(e => e.GetProperty("id").GetString()!));
                Assert.All(items, e => Assert.Equal(_function, e.GetProperty("function").GetString()));
                token = response.Headers[Serverless.Api.Handlers.ExecutionHandler.ContinuationHeader].ToString();
                if (token.Length == 0)
                {
                    break;
                }

                Assert.Equal(top, items.Count);
            }

            var expected = filter is null ? ids : [.. ids.Where(completed.Contains)];
            Assert.Equal(expected, seen);
        }

        var bad = await CallAsync((f, r, c) => f.List(r, c), "GET", "/api/executions", query: "?runtimeStatus=Sleeping");
        Assert.Equal(400, bad.Status);
        Assert.Equal("runtimeStatus", bad.Json.GetProperty("field").GetString());
        Assert.Equal(400, (await CallAsync((f, r, c) => f.List(r, c), "GET", "/api/executions", query: "?top=0")).Status);
    }

    [Fact]
    public async Task List_FunctionFilterAcrossBackendPages_SkipsOtherFunctionsAndLosesNothing()
    {
        // Executions of something else between ours (no plan input: they report the orchestrator's name as their
        // function): our pages end inside the backend's pages.
        var ours = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            ours.Add((await SubmitAsync(Body())).Json.GetProperty("id").GetString()!);
            for (var k = 0; k < i % 3; k++)
            {
                var otherId = $"other-{i}-{k}";
                _client.Instances[otherId] = new OrchestrationMetadata("ExecutePlanOrchestrator", otherId) { RuntimeStatus = OrchestrationRuntimeStatus.Running, DataConverter = Microsoft.DurableTask.Converters.JsonDataConverter.Default };
            }
        }

        var seen = new List<string>();
        string? token = null;
        for (var page = 0; page < 20; page++)
        {
            var response = await CallAsync((f, r, c) => f.List(r, c), "GET", "/api/executions", query: $"?top=2&function={_function}", continuation: token);
            Assert.True(response.Status == 200, response.Text);
            seen.AddRange(response.Json.EnumerateArray().Select(e => e.GetProperty("id").GetString()!));
            token = response.Headers[Serverless.Api.Handlers.ExecutionHandler.ContinuationHeader].ToString();
            if (token.Length == 0)
            {
                break;
            }
        }

        Assert.Equal(ours, seen);
    }
}
