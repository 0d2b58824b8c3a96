using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Serverless.Azure.Development;
using Serverless.Local.Backends;
using Serverless.Local.Engine;
using Serverless.Orchestrations.Contracts;
using Serverless.Orchestrations.Ports;

namespace Serverless.Local.Benchmarks;

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

        started = Stopwatch.GetTimestamp();
        AzureStorageBackend storage;
        try
        {
            storage = await AzureStorageBackend.StartAsync().ConfigureAwait(false);
        }
        catch (AzuriteUnavailableException ex)
        {
            throw new UsageException($"the DTFx backend needs Azurite, which could not start: {ex.Message}");
        }

        var storageProvision = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        await using var dtfx = await SidecarEngine.StartAsync(storage, new NoOpRunner(), options).ConfigureAwait(false);
        var dtfxStart = Stopwatch.GetElapsedTime(started).TotalMilliseconds;

        await output.WriteLineAsync($"baseline: {memory.Backend.Description}").ConfigureAwait(false);
        await output.WriteLineAsync($"candidate: {dtfx.Backend.Description}; {AzureStorageBackendSummary()}").ConfigureAwait(false);
        await output.WriteLineAsync().ConfigureAwait(false);

        // The first orchestration on each backend pays JIT, gRPC connection and (DTFx) partition lease acquisition.
        var memoryFirst = await TimeAsync(() => RunFanOutAsync(memory, 10)).ConfigureAwait(false);
        var dtfxFirst = await TimeAsync(() => RunFanOutAsync(dtfx, 10)).ConfigureAwait(false);
        await RunPlanAsync(memory, 10).ConfigureAwait(false);
        await RunPlanAsync(dtfx, 10).ConfigureAwait(false);

        await output.WriteLineAsync($"{"",-26} {"in-memory ms",13} {"dtfx ms",10} {"dtfx/mem",9}").ConfigureAwait(false);
        await WriteRowAsync(output, "engine start", memoryStart, dtfxStart).ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  (dtfx: Azurite start + task hub creation {storageProvision:F0} ms)")).ConfigureAwait(false);
        await WriteRowAsync(output, "first fan-out, N=10", memoryFirst, dtfxFirst).ConfigureAwait(false);

        int[] sizes = context.Quick ? [10] : [10, 100, 1000];
        var planRatios = new List<(int N, double Memory, double Dtfx)>();
        foreach (var n in sizes)
        {
            var repeats = n >= 1000 ? 1 : 3;
            double memoryFan = double.MaxValue, dtfxFan = double.MaxValue, memoryPlan = double.MaxValue, dtfxPlan = double.MaxValue;
            for (var r = 0; r < repeats; r++)
            {
                // Interleaved so that load from other processes on the machine falls on both backends alike.
                memoryFan = Math.Min(memoryFan, await TimeAsync(() => RunFanOutAsync(memory, n)).ConfigureAwait(false));
                dtfxFan = Math.Min(dtfxFan, await TimeAsync(() => RunFanOutAsync(dtfx, n)).ConfigureAwait(false));
                memoryPlan = Math.Min(memoryPlan, await TimeAsync(() => RunPlanAsync(memory, n)).ConfigureAwait(false));
                dtfxPlan = Math.Min(dtfxPlan, await TimeAsync(() => RunPlanAsync(dtfx, n)).ConfigureAwait(false));
            }

            await WriteRowAsync(output, $"fan-out/fan-in, N={n}", memoryFan, dtfxFan).ConfigureAwait(false);
            await WriteRowAsync(output, $"ExecutePlanOrchestrator, N={n}", memoryPlan, dtfxPlan).ConfigureAwait(false);
            planRatios.Add((n, memoryPlan / memoryFan, dtfxPlan / dtfxFan));
        }

        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync("ExecutePlanOrchestrator / fan-out on each backend:").ConfigureAwait(false);
        foreach (var (n, m, d) in planRatios)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  N={n,-5} in-memory {m,5:F2}   dtfx {d,5:F2}")).ConfigureAwait(false);
        }
    }

    private static string AzureStorageBackendSummary()
    {
        var defaults = new AzureStorageBackendOptions();
        return string.Create(CultureInfo.InvariantCulture, $"{defaults.PartitionCount} partitions, queue polling back-off ≤ {defaults.MaxQueuePollingInterval.TotalMilliseconds:F0} ms, completion polled every {defaults.CompletionPollingInterval.TotalMilliseconds:F0} ms, {Environment.ProcessorCount} work items at once");
    }

    private static Task WriteRowAsync(TextWriter output, string label, double memory, double dtfx)
        => output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{label,-26} {memory,13:F0} {dtfx,10:F0} {dtfx / memory,9:F2}"));

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
