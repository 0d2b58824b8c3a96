using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Serverless.Local.Tests.MultiProcess;

/// <summary>
/// The durable engine as separate processes on one storage account: `serverless serve --storage … --local-workers none`
/// and `serverless worker` processes, killed with SIGKILL in the middle of their work. Every test uses a task hub of
/// its own. Skipped only when Azurite cannot start.
/// </summary>
[Collection(MultiProcessCollection.Name)]
public sealed class DurableEngineProcessTests(MultiProcessFixture fixture) : IAsyncLifetime
{
    /// <summary>Short worker leases, so that a killed worker's message comes back soon (what is tested is that it does).</summary>
    private static readonly Dictionary<string, string?> WorkerEnvironment = new(StringComparer.Ordinal)
    {
        ["SERVERLESS_WORKER_LEASE_SECONDS"] = "5",
    };

    private readonly List<CliProcess> _processes = [];
    private readonly GateFunction _gate = GateFunction.Create();
    private readonly string _hub = MultiProcessFixture.NewTaskHub();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var p in _processes)
        {
            await p.DisposeAsync();
        }

        _gate.Delete();
    }

    [SkippableFact]
    public async Task Worker_KilledMidUnit_AnotherWorkerRunsTheSameAttemptAndTheExecutionCompletesOnce()
    {
        var storage = fixture.RequireStorage();
        var (serve, http) = await StartServeAsync(storage);
        var first = await StartWorkerAsync(storage, "worker-1");

        var id = await SubmitAsync(http, 20);
        var holder = await _gate.WaitStartedAsync(20);
        Assert.Equal(first.Id, holder);
        var key = $"{id}/1/1";
        await first.WaitForLineAsync($"took {key}");
        first.Crash();
        _gate.Release();

        var second = await StartWorkerAsync(storage, "worker-2");
        var state = await WaitFinishedAsync(http, id);

        Assert.Equal("completed", state.GetProperty("status").GetString());
        Assert.Equal(GateFunction.Expected(20), state.GetProperty("result").GetInt32());
        AssertEachUnitCompletedOnceInAttemptOne(state);
        Assert.Contains(second.Id, _gate.StartedBy(20));
        // The same attempt, redelivered when the dead worker's lease ended: delivery 2 of x/1/1.
        Assert.Contains(second.Lines, l => l.Contains($"took {key} (delivery 2)", StringComparison.Ordinal));
        Assert.DoesNotContain(first.Lines, l => l.Contains($"finished {key}", StringComparison.Ordinal));
        Assert.Single(second.Lines, l => l.Contains($"finished {key}", StringComparison.Ordinal));
        _ = serve;
    }

    [SkippableFact]
    public async Task Serve_KilledWithExecutionsInFlight_NewServeOnSameTaskHubFinishesAllWithRightResults()
    {
        var storage = fixture.RequireStorage();
        var (serve, http) = await StartServeAsync(storage);
        var worker = await StartWorkerAsync(storage, "worker");
        int[] seeds = [1, 2, 3, 4, 5, 6];
        var ids = new Dictionary<int, string>();
        foreach (var seed in seeds)
        {
            ids[seed] = await SubmitAsync(http, seed);
        }

        foreach (var seed in seeds)
        {
            await _gate.WaitStartedAsync(seed);
        }

        serve.Crash();
        Assert.False(CliProcess.IsAlive(serve.Id));
        _gate.Release();

        var (_, http2) = await StartServeAsync(storage, "serve-2");
        foreach (var seed in seeds)
        {
            var state = await WaitFinishedAsync(http2, ids[seed]);
            Assert.True(state.GetProperty("status").GetString() == "completed", $"seed {seed}: {state}");
            Assert.Equal(GateFunction.Expected(seed), state.GetProperty("result").GetInt32());
            AssertEachUnitCompletedOnceInAttemptOne(state);
        }

        // Each unit of each execution ran to the end once in the worker (a re-dispatch is skipped and only re-reported).
        foreach (var id in ids.Values)
        {
            for (var unit = 0; unit < GateFunction.Units; unit++)
            {
                var key = $"{id}/{unit.ToString(CultureInfo.InvariantCulture)}/1";
                Assert.True(worker.Lines.Any(l => l.EndsWith($"finished {key}", StringComparison.Ordinal)), $"{key} never finished:\n{worker.Output}");
            }
        }
    }

    [SkippableFact]
    public async Task TwoWorkersOfOneRegion_UnderLoad_EveryUnitCompletesExactlyOnce()
    {
        var storage = fixture.RequireStorage();
        _gate.Release();
        var (_, http) = await StartServeAsync(storage);
        var workers = new[] { await StartWorkerAsync(storage, "worker-a", "2"), await StartWorkerAsync(storage, "worker-b", "2") };
        var seeds = Enumerable.Range(100, 16).ToList();
        var ids = new Dictionary<int, string>();
        foreach (var seed in seeds)
        {
            ids[seed] = await SubmitAsync(http, seed);
        }

        foreach (var seed in seeds)
        {
            var state = await WaitFinishedAsync(http, ids[seed]);
            Assert.True(state.GetProperty("status").GetString() == "completed", $"seed {seed}: {state}");
            Assert.Equal(GateFunction.Expected(seed), state.GetProperty("result").GetInt32());
            AssertEachUnitCompletedOnceInAttemptOne(state);
        }

        var finished = workers.SelectMany(w => w.Lines)
            .Where(l => l.Contains("serverless worker: finished ", StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf("finished ", StringComparison.Ordinal) + 9)..])
            .ToList();
        var expected = ids.Values.SelectMany(id => Enumerable.Range(0, GateFunction.Units).Select(u => $"{id}/{u.ToString(CultureInfo.InvariantCulture)}/1")).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, finished.Order(StringComparer.Ordinal).ToList());
    }

    [SkippableFact]
    public async Task Worker_WithoutTheFunction_FailsTheUnitWithAClearError()
    {
        var storage = fixture.RequireStorage();
        var (_, http) = await StartServeAsync(storage);
        // This worker has the samples only.
        var worker = CliProcess.Start("worker-samples", ["worker", "--region", GateFunction.Region, "--storage", storage, "--task-hub", _hub], WorkerEnvironment);
        _processes.Add(worker);
        await worker.WaitForLineAsync("consuming");

        var id = await SubmitAsync(http, 7);
        var state = await WaitFinishedAsync(http, id);

        Assert.Equal("failed", state.GetProperty("status").GetString());
        Assert.Equal("Serverless.Orchestrations.Runtime.UnknownFunctionException", state.GetProperty("error").GetProperty("type").GetString());
        var message = state.GetProperty("error").GetProperty("message").GetString()!;
        Assert.Contains($"no [Splitable] function '{GateFunction.Id}'", message, StringComparison.Ordinal);
        Assert.Contains("same --assembly/--source", message, StringComparison.Ordinal);
    }

    private static void AssertEachUnitCompletedOnceInAttemptOne(JsonElement state)
    {
        var units = state.GetProperty("units").EnumerateArray().ToList();
        Assert.Equal(Enumerable.Range(0, GateFunction.Units), units.Select(u => u.GetProperty("unit").GetInt32()).Order());
        Assert.All(units, u => Assert.Equal(1, u.GetProperty("attempts").GetInt32()));
    }

    private async Task<(CliProcess Serve, HttpClient Http)> StartServeAsync(string storage, string name = "serve")
    {
        var port = MultiProcessFixture.FreePort();
        var url = "http://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture);
        // One process (no re-execution): DOTNET_PROCESSOR_COUNT is set, as in the test host. A SIGKILL is then a crash.
        var serve = CliProcess.Start(
            name,
            ["serve", "--storage", storage, "--task-hub", _hub, "--local-workers", "none", "--source", _gate.SourcePath, "--urls", url],
            new Dictionary<string, string?>(StringComparer.Ordinal) { ["DOTNET_PROCESSOR_COUNT"] = "64" });
        _processes.Add(serve);
        await serve.WaitForLineAsync("listening on");
        return (serve, new HttpClient { BaseAddress = new Uri(url) });
    }

    private async Task<CliProcess> StartWorkerAsync(string storage, string name, string concurrency = "16")
    {
        var worker = CliProcess.Start(
            name,
            ["worker", "--region", GateFunction.Region, "--storage", storage, "--task-hub", _hub, "--concurrency", concurrency, "--source", _gate.SourcePath],
            WorkerEnvironment);
        _processes.Add(worker);
        await worker.WaitForLineAsync("consuming");
        return worker;
    }

    private async Task<string> SubmitAsync(HttpClient http, int seed)
    {
        using var response = await http.PostAsync("/api/execution/submit", GateFunction.Json(_gate.SubmitBody(seed)));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"submit: {(int)response.StatusCode} {body}");
        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>Polls GET /api/execution/{id} until it ends (a hang guard of 4 minutes, not a timing assertion).</summary>
    private static async Task<JsonElement> WaitFinishedAsync(HttpClient http, string id)
    {
        for (var i = 0; i < 1200; i++)
        {
            using var response = await http.GetAsync($"/api/execution/{id}");
            if (response.IsSuccessStatusCode)
            {
                var state = await response.Content.ReadFromJsonAsync<JsonElement>();
                if (state.GetProperty("status").GetString() is "completed" or "failed" or "terminated")
                {
                    return state;
                }
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"execution {id} did not finish");
    }
}
