using System.Globalization;

namespace Serverless.Local.Tests.MultiProcess;

/// <summary>
/// The durable engine as separate processes on one storage account: `serverless serve --storage … --local-workers none`
/// and `serverless worker` processes, killed with SIGKILL in the middle of their work. Every test uses a task hub of
/// its own. Skipped only when Azurite cannot start.
/// </summary>
[Collection(MultiProcessCollection.Name)]
public sealed class DurableEngineProcessTests(MultiProcessFixture fixture) : IAsyncLifetime
{
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
        var state = await GateProcesses.WaitFinishedAsync(http, id);

        Assert.Equal("completed", state.GetProperty("status").GetString());
        Assert.Equal(GateFunction.Expected(20), state.GetProperty("result").GetInt32());
        GateProcesses.AssertEachUnitCompletedOnceInAttemptOne(state);
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
            var state = await GateProcesses.WaitFinishedAsync(http2, ids[seed]);
            Assert.True(state.GetProperty("status").GetString() == "completed", $"seed {seed}: {state}");
            Assert.Equal(GateFunction.Expected(seed), state.GetProperty("result").GetInt32());
            GateProcesses.AssertEachUnitCompletedOnceInAttemptOne(state);
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
            var state = await GateProcesses.WaitFinishedAsync(http, ids[seed]);
            Assert.True(state.GetProperty("status").GetString() == "completed", $"seed {seed}: {state}");
            Assert.Equal(GateFunction.Expected(seed), state.GetProperty("result").GetInt32());
            GateProcesses.AssertEachUnitCompletedOnceInAttemptOne(state);
        }

        var finished = GateProcesses.Finished(workers.SelectMany(w => w.Lines));
        Assert.Equal(GateProcesses.AllUnitKeys(ids.Values), finished.Order(StringComparer.Ordinal).ToList());
    }

    [SkippableFact]
    public async Task Worker_WithoutTheFunction_FailsTheUnitWithAClearError()
    {
        var storage = fixture.RequireStorage();
        var (_, http) = await StartServeAsync(storage);
        // This worker has the samples only.
        var worker = CliProcess.Start("worker-samples", ["worker", "--region", GateFunction.Region, "--storage", storage, "--task-hub", _hub], GateProcesses.WorkerEnvironment);
        _processes.Add(worker);
        await worker.WaitForLineAsync("consuming");

        var id = await SubmitAsync(http, 7);
        var state = await GateProcesses.WaitFinishedAsync(http, id);

        Assert.Equal("failed", state.GetProperty("status").GetString());
        Assert.Equal("Serverless.Orchestrations.Runtime.UnknownFunctionException", state.GetProperty("error").GetProperty("type").GetString());
        var message = state.GetProperty("error").GetProperty("message").GetString()!;
        Assert.Contains($"no [Splitable] function '{GateFunction.Id}'", message, StringComparison.Ordinal);
        Assert.Contains("same --assembly/--source", message, StringComparison.Ordinal);
    }

    private Task<(CliProcess Serve, HttpClient Http)> StartServeAsync(string storage, string name = "serve") => GateProcesses.StartServeAsync(_processes, storage, _hub, _gate, name);

    private Task<CliProcess> StartWorkerAsync(string storage, string name, string concurrency = "16") => GateProcesses.StartWorkerAsync(_processes, storage, _hub, _gate, name, concurrency);

    private Task<string> SubmitAsync(HttpClient http, int seed) => GateProcesses.SubmitAsync(http, _gate, seed);
}
