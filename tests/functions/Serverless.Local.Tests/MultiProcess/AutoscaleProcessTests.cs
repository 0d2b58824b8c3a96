using System.Globalization;
using Xunit.Abstractions;

namespace Serverless.Local.Tests.MultiProcess;

/// <summary>
/// `serverless serve --storage … --local-workers none --autoscale 1-3`: the autoscaler (the Azure app's orchestrator and
/// policy, with short cooldowns from the Serverless__Market__* variables) starts and stops real `serverless worker`
/// child processes of serve. Worker processes are counted from /proc (serve's children by pid). Skipped only when
/// Azurite cannot start.
/// </summary>
[Collection(MultiProcessCollection.Name)]
public sealed class AutoscaleProcessTests(MultiProcessFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly Dictionary<string, string?> Tuning = new(StringComparer.Ordinal)
    {
        ["Serverless__Market__IntervalSeconds"] = "1",
        ["Serverless__Market__ScaleUpCooldownSeconds"] = "2",
        ["Serverless__Market__ScaleDownCooldownSeconds"] = "2",
        ["Serverless__Market__ScaleDownWindowSeconds"] = "3",
        ["Serverless__Market__BacklogPerInstance"] = "4",

        // Inherited by the worker processes serve starts: a killed worker's units come back when this lease ends. Not
        // shorter: a worker holding 16 blocked gate units starves its thread pool for seconds, and a lease it cannot
        // renew in time is redelivered while it still runs the unit (then the unit runs twice, recorded once).
        ["SERVERLESS_WORKER_LEASE_SECONDS"] = "20",
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
    public async Task Autoscale_BacklogOnOneRegion_AddsWorkerProcesses_IdleRetiresThem_AndEveryUnitCompletesOnce()
    {
        var storage = fixture.RequireStorage();
        var (serve, http) = await GateProcesses.StartServeAsync(_processes, storage, _hub, _gate, extra: ["--autoscale", "1-3"], environment: Tuning);
        await serve.WaitForLineAsync("autoscale 1-3: worker processes for");

        // The minimum at start: one worker process per region.
        var first = await WaitWorkersAsync(serve, GateFunction.Region, n => n == 1);
        Assert.Single(await WaitWorkersAsync(serve, "eastus", n => n == 1));
        await WaitConsumingAsync(serve, first);

        // A backlog on one region: 24 executions whose unit 1 holds, more than one worker takes at once (16).
        var seeds = Enumerable.Range(1, 24).ToList();
        var ids = new Dictionary<int, string>();
        foreach (var seed in seeds)
        {
            ids[seed] = await GateProcesses.SubmitAsync(http, _gate, seed);
        }

        var grown = await WaitWorkersAsync(serve, GateFunction.Region, n => n > 1);
        Assert.InRange(grown.Count, 2, 3);
        await serve.WaitForLineAsync(l => l.Contains($"autoscale {GateFunction.Region}: 2 worker processes", StringComparison.Ordinal) || l.Contains($"autoscale {GateFunction.Region}: 3 worker processes", StringComparison.Ordinal));
        Assert.Single(Workers(serve, "eastus"));

        // Every unit 1 runs somewhere, the new workers included; then one worker holding units is killed mid-unit.
        foreach (var seed in seeds)
        {
            await _gate.WaitStartedAsync(seed);
        }

        var holders = seeds.SelectMany(_gate.StartedBy).Distinct().ToList();
        Assert.True(holders.Count > 1, $"only pid(s) {string.Join(",", holders)} ran unit 1; the added workers took nothing:\n{serve.Output}");
        var victim = holders.First(p => p != first[0]);
        CliProcess.Signal(victim, "KILL");
        await serve.WaitForLineAsync($"worker pid {victim.ToString(CultureInfo.InvariantCulture)} exited unasked");
        _gate.Release();

        foreach (var seed in seeds)
        {
            var state = await GateProcesses.WaitFinishedAsync(http, ids[seed]);
            Assert.True(state.GetProperty("status").GetString() == "completed", $"seed {seed}: {state}");
            Assert.Equal(GateFunction.Expected(seed), state.GetProperty("result").GetInt32());
            GateProcesses.AssertEachUnitCompletedOnceInAttemptOne(state);
        }

        // Each unit finished once in some worker process (their output is copied to serve's, prefixed).
        var finished = GateProcesses.Finished(serve.Lines);
        var twice = finished.GroupBy(k => k, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(twice.Count == 0, $"finished more than once: {string.Join(", ", twice)}\n{string.Join('\n', serve.Lines.Where(l => twice.Any(k => l.Contains(k, StringComparison.Ordinal)) || l.StartsWith("serverless serve: autoscale", StringComparison.Ordinal)))}");
        Assert.Equal(GateProcesses.AllUnitKeys(ids.Values), finished.Order(StringComparer.Ordinal).ToList());

        // Idle: back to the minimum; the retired workers were stopped (SIGTERM) and are gone.
        var idle = await WaitWorkersAsync(serve, GateFunction.Region, n => n == 1);
        Assert.Single(idle);
        await serve.WaitForLineAsync(l => l.Contains($"autoscale {GateFunction.Region}: 1 worker processes", StringComparison.Ordinal) && l.Contains("stopped 1)", StringComparison.Ordinal));
        Assert.All(grown.Where(p => !idle.Contains(p)), p => Assert.False(CliProcess.IsAlive(p), $"retired worker {p} still runs"));

        foreach (var line in serve.Lines.Where(l => l.StartsWith("serverless serve: autoscale", StringComparison.Ordinal)))
        {
            output.WriteLine(line);
        }

        // Serve stopping stops every worker it started.
        var last = CliProcess.ChildrenOf(serve.Id);
        serve.Signal("TERM");
        Assert.Equal(0, await serve.WaitForExitAsync());
        Assert.All(last, p => Assert.False(CliProcess.IsAlive(p), $"pid {p} ({string.Join(' ', CliProcess.CommandLine(p))}) outlived serve"));
    }

    [SkippableFact]
    public async Task Autoscale_ServeKilled_ItsWorkerProcessesStopOnTheirOwn()
    {
        var storage = fixture.RequireStorage();
        var (serve, _) = await GateProcesses.StartServeAsync(_processes, storage, _hub, _gate, extra: ["--autoscale", "1-2"], environment: Tuning);
        var workers = await WaitWorkersAsync(serve, GateFunction.Region, n => n == 1);
        await WaitConsumingAsync(serve, workers);
        var all = CliProcess.ChildrenOf(serve.Id);
        Assert.NotEmpty(all);

        serve.Crash();

        foreach (var pid in all)
        {
            await WaitUntilAsync(() => !CliProcess.IsAlive(pid), $"worker {pid} outlived a killed serve");
        }
    }

    /// <summary>Serve's `worker --region <paramref name="region"/>` children, from /proc.</summary>
    private static List<int> Workers(CliProcess serve, string region)
        => [.. CliProcess.ChildrenOf(serve.Id).Where(p => IsWorkerOf(CliProcess.CommandLine(p), region)).Order()];

    private static bool IsWorkerOf(IReadOnlyList<string> args, string region)
    {
        var i = args.ToList().IndexOf("--region");
        return args.Contains("worker") && i >= 0 && i + 1 < args.Count && args[i + 1] == region;
    }

    /// <summary>Polls until the region's worker count satisfies <paramref name="count"/> (a hang guard, not a timing assertion).</summary>
    private static async Task<List<int>> WaitWorkersAsync(CliProcess serve, string region, Func<int, bool> count)
    {
        List<int> seen = [];
        await WaitUntilAsync(() => count((seen = Workers(serve, region)).Count), $"{region}'s worker processes never reached the count awaited:\n{serve.Output}");
        return seen;
    }

    private static Task WaitConsumingAsync(CliProcess serve, IReadOnlyList<int> workers)
        => Task.WhenAll(workers.Select(p => serve.WaitForLineAsync($"[worker {GateFunction.Region} pid {p.ToString(CultureInfo.InvariantCulture)}] serverless worker: region")));

    private static async Task WaitUntilAsync(Func<bool> condition, string failure)
    {
        for (var i = 0; i < 1800; i++)
        {
            if (condition())
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException(failure + " (a hang guard of 3 minutes, not a timing assertion)");
    }
}
