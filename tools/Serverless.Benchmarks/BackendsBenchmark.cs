using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Serverless.Development;
using Serverless.Local;
using Serverless.Contracts.Plans;
using Serverless.Local.Backends;
using Serverless.Local.Engine;
using Serverless.Orchestrations.Ports;

namespace Serverless.Benchmarks;

/// <summary>
/// The embedded engine's two candidate durable backends, everything else equal (same gRPC sidecar, worker, tasks,
/// regional workers, in-memory bus and store): InProcessTestHost's in-memory service (the baseline) and DTFx's Azure
/// Storage service on Azurite. Runs <c>ExecutePlanOrchestrator</c> over N no-op units and a plain fan-out/fan-in of N
/// no-op activities on both, interleaved, and prints wall times and the ratio DTFx / in-memory.
/// </summary>
public sealed class BackendsBenchmark : IBenchmark
{
    private const string FanOut = "BenchBackendsFanOut";
    private const string NoOp = "BenchBackendsNoOp";
    private static readonly string[] Regions = ["westeurope", "northeurope", "eastus"];

    public string Name => "backends";

    public string Description => "DTFx on Azurite vs the in-memory engine (the baseline): start, plan over N units, fan-out/fan-in of N activities";

    public async Task RunAsync(BenchmarkContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var output = context.Out;
        if (!ProcessorCountGuard.IsUnblocked)
        {
            await output.WriteLineAsync($"note: Environment.ProcessorCount = {Environment.ProcessorCount}; both backends run that many work items at once here (set {ProcessorCountGuard.Variable}={ProcessorCountGuard.Wanted}).").ConfigureAwait(false);
        }

        var options = new EmbeddedEngineOptions
        {
            Regions = Regions,
            ConfigureTasks = registry =>
            {
                registry.AddOrchestratorFunc<int, int>(FanOut, async (ctx, n) =>
                {
                    var results = await Task.WhenAll(Enumerable.Range(0, n).Select(i => ctx.CallActivityAsync<int>(NoOp, i)));
                    return results.Sum();
                });
                registry.AddActivityFunc<int, int>(NoOp, (_, i) => i);
            },
        };

        var started = Stopwatch.GetTimestamp();
        await using var memory = await SidecarEngine.StartAsync(new InMemoryBackend(), new NoOpRunner(), options).ConfigureAwait(false);
        var memoryStart = Stopwatch.GetElapsedTime(started).TotalMilliseconds;

        // One Azurite for both DTFx engines (a task hub each), stopped by process id at the end.
        started = Stopwatch.GetTimestamp();
        AzuriteLauncher azurite;
        try
        {
            azurite = await AzuriteLauncher.StartAsync().ConfigureAwait(false);
        }
        catch (AzuriteUnavailableException ex)
        {
            throw new UsageException($"the DTFx backend needs Azurite, which could not start: {ex.Message}");
        }

        await using var azuriteLifetime = azurite;
        var azuriteStart = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var candidates = new List<(string Label, SidecarEngine Engine, double StartMs, double HubMs)>();
        try
        {
            foreach (var (label, polling) in new[] { ("dtfx ≤1s", TimeSpan.FromSeconds(1)), ("dtfx ≤100ms", TimeSpan.FromMilliseconds(100)) })
            {
                started = Stopwatch.GetTimestamp();
                var backend = await AzureStorageBackend.StartAsync(new AzureStorageBackendOptions { ConnectionString = azurite.ConnectionString, MaxQueuePollingInterval = polling }).ConfigureAwait(false);
                var engine = await SidecarEngine.StartAsync(backend, new NoOpRunner(), options).ConfigureAwait(false);
                candidates.Add((label, engine, Stopwatch.GetElapsedTime(started).TotalMilliseconds, backend.TaskHubCreationTime.TotalMilliseconds));
            }

            await output.WriteLineAsync($"baseline  in-memory: {memory.Backend.Description}").ConfigureAwait(false);
            foreach (var c in candidates)
            {
                await output.WriteLineAsync($"candidate {c.Label}: {c.Engine.Backend.Description}").ConfigureAwait(false);
            }

            var defaults = new AzureStorageBackendOptions();
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  (dtfx: {defaults.PartitionCount} partitions, empty-queue polling back-off up to 1 s or 100 ms, completion read every {defaults.CompletionPollingInterval.TotalMilliseconds:F0} ms; {Environment.ProcessorCount} work items at once on every backend; Azurite pid {azurite.ProcessId} started in {azuriteStart:F0} ms)")).ConfigureAwait(false);
            await output.WriteLineAsync().ConfigureAwait(false);
            await RunWorkloadsAsync(context, memory, memoryStart, candidates).ConfigureAwait(false);
        }
        finally
        {
            foreach (var c in candidates)
            {
                await c.Engine.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static async Task RunWorkloadsAsync(BenchmarkContext context, SidecarEngine memory, double memoryStart, List<(string Label, SidecarEngine Engine, double StartMs, double HubMs)> candidates)
    {
        var output = context.Out;
        var header = $"{"",-30} {"in-memory ms",13}" + string.Concat(candidates.Select(c => $" {c.Label + " ms",14} {"ratio",7}"));
        await output.WriteLineAsync(header).ConfigureAwait(false);
        await WriteRowAsync(output, "engine start (task hub ms)", memoryStart, [.. candidates.Select(c => c.StartMs)], [.. candidates.Select(c => (double?)c.HubMs)]).ConfigureAwait(false);

        // The first orchestration on each backend pays JIT, gRPC connection and (DTFx) partition lease acquisition.
        var first = new double[candidates.Count];
        var memoryFirst = await TimeAsync(() => RunFanOutAsync(memory, 10)).ConfigureAwait(false);
        for (var i = 0; i < candidates.Count; i++)
        {
            first[i] = await TimeAsync(() => RunFanOutAsync(candidates[i].Engine, 10)).ConfigureAwait(false);
        }

        await WriteRowAsync(output, "first fan-out, N=10", memoryFirst, first).ConfigureAwait(false);
        await RunPlanAsync(memory, 10).ConfigureAwait(false);
        foreach (var c in candidates)
        {
            await RunPlanAsync(c.Engine, 10).ConfigureAwait(false);
        }

        int[] sizes = context.Quick ? [10] : [10, 100, 1000];
        var perBackend = new List<string>();
        foreach (var n in sizes)
        {
            var repeats = n >= 1000 ? 1 : 3;
            var memoryFan = double.MaxValue;
            var memoryPlan = double.MaxValue;
            var fan = Enumerable.Repeat(double.MaxValue, candidates.Count).ToArray();
            var plan = Enumerable.Repeat(double.MaxValue, candidates.Count).ToArray();
            for (var r = 0; r < repeats; r++)
            {
                // Interleaved so that load from other processes on the machine falls on every backend alike.
                memoryFan = Math.Min(memoryFan, await TimeAsync(() => RunFanOutAsync(memory, n)).ConfigureAwait(false));
                for (var i = 0; i < candidates.Count; i++)
                {
                    fan[i] = Math.Min(fan[i], await TimeAsync(() => RunFanOutAsync(candidates[i].Engine, n)).ConfigureAwait(false));
                }

                memoryPlan = Math.Min(memoryPlan, await TimeAsync(() => RunPlanAsync(memory, n)).ConfigureAwait(false));
                for (var i = 0; i < candidates.Count; i++)
                {
                    plan[i] = Math.Min(plan[i], await TimeAsync(() => RunPlanAsync(candidates[i].Engine, n)).ConfigureAwait(false));
                }
            }

            await WriteRowAsync(output, $"fan-out/fan-in, N={n}", memoryFan, fan).ConfigureAwait(false);
            await WriteRowAsync(output, $"ExecutePlanOrchestrator, N={n}", memoryPlan, plan).ConfigureAwait(false);
            perBackend.Add(string.Create(CultureInfo.InvariantCulture, $"  N={n,-5} in-memory {memoryPlan / memoryFan,5:F2}") + string.Concat(candidates.Select((c, i) => string.Create(CultureInfo.InvariantCulture, $"   {c.Label} {plan[i] / fan[i],5:F2}"))));
        }

        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync("ExecutePlanOrchestrator / fan-out on each backend:").ConfigureAwait(false);
        foreach (var line in perBackend)
        {
            await output.WriteLineAsync(line).ConfigureAwait(false);
        }
    }

    private static Task WriteRowAsync(TextWriter output, string label, double memory, double[] candidates, double?[]? notes = null)
        => output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{label,-30} {memory,13:F0}") + string.Concat(candidates.Select((c, i) => string.Create(
            CultureInfo.InvariantCulture,
            $" {(notes?[i] is { } note ? $"{c:F0} ({note:F0})" : c.ToString("F0", CultureInfo.InvariantCulture)),14} {c / memory,7:F2}"))));

    private static async Task<double> TimeAsync(Func<Task> run)
    {
        var started = Stopwatch.GetTimestamp();
        await run().ConfigureAwait(false);
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static async Task RunFanOutAsync(SidecarEngine engine, int n)
    {
        var id = await engine.Client.ScheduleNewOrchestrationInstanceAsync(FanOut, n).ConfigureAwait(false);
        var metadata = await engine.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true).ConfigureAwait(false);
        var expected = n * (n - 1) / 2;
        if (metadata.RuntimeStatus != OrchestrationRuntimeStatus.Completed || metadata.ReadOutputAs<int>() != expected)
        {
            throw new InvalidOperationException($"The fan-out of {n} on {engine.Backend.Name} ended {metadata.RuntimeStatus} with output {metadata.SerializedOutput} (expected {expected}): {metadata.FailureDetails?.ErrorMessage}");
        }
    }

    private static async Task RunPlanAsync(SidecarEngine engine, int n)
    {
        var plan = new ExecutionPlan
        {
            ExecutionId = "bench-" + Guid.NewGuid().ToString("N"),
            FunctionId = NoOpRunner.Function,
            Units = [.. Enumerable.Range(0, n).Select(i => new PlanUnit { Id = i, Segments = [i], Region = Regions[i % Regions.Length] })],
            Options = new ExecutionOptions { MaxCompletionsPerGeneration = 5000 },
        };
        var outcome = await engine.RunAsync(plan).ConfigureAwait(false);
        if (outcome.Status != OrchestrationRuntimeStatus.Completed || outcome.Result?.Units.Count != n)
        {
            throw new InvalidOperationException($"The plan of {n} units on {engine.Backend.Name} ended {outcome.Status} with {outcome.Result?.Units.Count ?? 0} units reported: {outcome.Error}");
        }
    }

    /// <summary>Segments that do nothing and write a zero for every output.</summary>
    private sealed class NoOpRunner : ISegmentRunner
    {
        public const string Function = "bench.backends.noop";
        private static readonly byte[] Zero = JsonSerializer.SerializeToUtf8Bytes(0);

        public Task<UnitRunResult> RunAsync(UnitRunRequest request, CancellationToken cancellationToken = default)
            => Task.FromResult(new UnitRunResult(request.Outputs.ToDictionary(o => o, _ => (ReadOnlyMemory<byte>)Zero), false, null));
    }
}
