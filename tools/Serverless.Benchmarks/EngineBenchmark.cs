using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Serverless.Contracts.Plans;
using Serverless.Local.Engine;
using Serverless.Orchestrations.Ports;

namespace Serverless.Benchmarks;

/// <summary>
/// (a) <c>ExecutePlanOrchestrator</c> over N independent no-op units (auction, batched dispatch, queue, worker,
/// completion event) against a hand-written fan-out/fan-in of N no-op activities on the same engine, as a ratio of
/// wall times; (b) a DAG of sleeping segments: measured makespan against the critical-path bound.
/// </summary>
public sealed class EngineBenchmark : IBenchmark
{
    private const string FanOut = "BenchFanOutOrchestrator";
    private const string NoOp = "BenchNoOpActivity";

    public string Name => "engine";

    public string Description => "ExecutePlanOrchestrator vs a plain durable fan-out/fan-in; DAG makespan vs critical path";

    public async Task RunAsync(BenchmarkContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var output = context.Out;
        if (!ProcessorCountGuard.IsUnblocked)
        {
            await output.WriteLineAsync($"note: Environment.ProcessorCount = {Environment.ProcessorCount}; the in-process engine throttles beyond that (set {ProcessorCountGuard.Variable}={ProcessorCountGuard.Wanted}).").ConfigureAwait(false);
        }

        var runner = new BenchRunner();
        await using var engine = await EmbeddedEngine.StartAsync(runner, new EmbeddedEngineOptions
        {
            Regions = ["westeurope", "northeurope", "eastus"],
            ConfigureTasks = registry =>
            {
                registry.AddOrchestratorFunc<int, int>(FanOut, async (ctx, n) =>
                {
                    var results = await Task.WhenAll(Enumerable.Range(0, n).Select(i => ctx.CallActivityAsync<int>(NoOp, i)));
                    return results.Sum();
                });
                registry.AddActivityFunc<int, int>(NoOp, (_, i) => i);
            },
        }).ConfigureAwait(false);

        // Warm-up: JIT, gRPC channel, queues.
        await RunFanOutAsync(engine, 10).ConfigureAwait(false);
        await RunPlanAsync(engine, NoOpPlan(10)).ConfigureAwait(false);

        await output.WriteLineAsync("(a) N no-op units: ExecutePlanOrchestrator vs fan-out/fan-in of N activities (same engine, same run)").ConfigureAwait(false);
        await output.WriteLineAsync($"{"N",6} {"fan-out ms",12} {"plan ms",10} {"ratio",7}").ConfigureAwait(false);
        int[] sizes = context.Quick ? [10, 100] : [10, 100, 1000];
        foreach (var n in sizes)
        {
            var repeats = n >= 1000 ? 1 : 3;
            var baseline = double.MaxValue;
            var candidate = double.MaxValue;
            for (var r = 0; r < repeats; r++)
            {
                baseline = Math.Min(baseline, await RunFanOutAsync(engine, n).ConfigureAwait(false));
                candidate = Math.Min(candidate, await RunPlanAsync(engine, NoOpPlan(n)).ConfigureAwait(false));
            }

            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{n,6} {baseline,12:F0} {candidate,10:F0} {candidate / baseline,7:F2}")).ConfigureAwait(false);
        }

        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync("(b) DAG of sleeping segments: makespan vs critical-path bound").ConfigureAwait(false);
        await output.WriteLineAsync($"{"units",6} {"bound ms",9} {"wall ms",9} {"ratio",7} {"units span ms",14} {"ratio",7}").ConfigureAwait(false);
        foreach (var (units, seed) in context.Quick ? new[] { (12, 1) } : [(12, 1), (30, 2), (60, 3)])
        {
            var (plan, bound) = SleepingDag(units, seed);
            var started = Stopwatch.GetTimestamp();
            var outcome = await engine.RunAsync(plan).ConfigureAwait(false);
            var wall = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (outcome.Result is not { } result)
            {
                throw new InvalidOperationException($"The sleeping DAG failed: {outcome.Error}");
            }

            var span = (result.Units.Max(u => u.EndedAt) - result.Units.Min(u => u.StartedAt)).TotalMilliseconds;
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{units,6} {bound,9:F0} {wall,9:F0} {wall / bound,7:F2} {span,14:F0} {span / bound,7:F2}")).ConfigureAwait(false);
        }
    }

    private static ExecutionPlan NoOpPlan(int n) => new()
    {
        ExecutionId = "bench-" + Guid.NewGuid().ToString("N"),
        FunctionId = BenchRunner.NoOpFunction,
        Units = [.. Enumerable.Range(0, n).Select(i => new PlanUnit { Id = i, Segments = [i], Region = (i % 3) switch { 0 => "westeurope", 1 => "northeurope", _ => "eastus" } })],
        Options = new ExecutionOptions { MaxCompletionsPerGeneration = 5000 },
    };

    /// <summary>A random DAG whose unit i sleeps 100–400 ms; the bound is the longest path of sleeps.</summary>
    private static (ExecutionPlan Plan, double BoundMs) SleepingDag(int n, int seed)
    {
        var random = new Random(seed);
        var sleeps = new int[n];
        var finish = new double[n];
        var units = new List<PlanUnit>();
        for (var i = 0; i < n; i++)
        {
            sleeps[i] = random.Next(100, 401);
            var preds = i == 0 ? [] : Enumerable.Range(Math.Max(0, i - 8), Math.Min(8, i)).OrderBy(_ => random.Next()).Take(random.Next(1, 3)).Order().ToList();
            finish[i] = (preds.Count == 0 ? 0 : preds.Max(p => finish[p])) + sleeps[i];
            units.Add(new PlanUnit
            {
                Id = i,
                Segments = [i],
                Region = (i % 3) switch { 0 => "westeurope", 1 => "northeurope", _ => "eastus" },
                DependsOn = preds,
                Inputs = [.. preds.Select(p => new UnitInput("v" + p.ToString(CultureInfo.InvariantCulture), p))],
                Outputs = ["v" + i.ToString(CultureInfo.InvariantCulture)],
            });
        }

        var plan = new ExecutionPlan
        {
            ExecutionId = "bench-" + Guid.NewGuid().ToString("N"),
            FunctionId = BenchRunner.SleepFunction + ":" + string.Join(',', sleeps),
            Units = units,
        };
        return (plan, finish.Max());
    }

    private static async Task<double> RunFanOutAsync(EmbeddedEngine engine, int n)
    {
        var started = Stopwatch.GetTimestamp();
        var id = await engine.Client.ScheduleNewOrchestrationInstanceAsync(FanOut, n).ConfigureAwait(false);
        var metadata = await engine.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: false).ConfigureAwait(false);
        if (metadata.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
        {
            throw new InvalidOperationException($"The fan-out baseline ended {metadata.RuntimeStatus}.");
        }

        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static async Task<double> RunPlanAsync(EmbeddedEngine engine, ExecutionPlan plan)
    {
        var started = Stopwatch.GetTimestamp();
        var outcome = await engine.RunAsync(plan).ConfigureAwait(false);
        if (outcome.Status != OrchestrationRuntimeStatus.Completed)
        {
            throw new InvalidOperationException($"The plan ended {outcome.Status}: {outcome.Error}");
        }

        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    /// <summary>Segments that do nothing, or sleep the time encoded in the function id.</summary>
    private sealed class BenchRunner : ISegmentRunner
    {
        public const string NoOpFunction = "bench.noop";
        public const string SleepFunction = "bench.sleep";
        private static readonly byte[] Zero = JsonSerializer.SerializeToUtf8Bytes(0);

        public async Task<UnitRunResult> RunAsync(UnitRunRequest request, CancellationToken cancellationToken = default)
        {
            if (request.FunctionId.StartsWith(SleepFunction, StringComparison.Ordinal))
            {
                var sleeps = request.FunctionId[(SleepFunction.Length + 1)..].Split(',');
                await Task.Delay(int.Parse(sleeps[request.Segments[0]], CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
            }

            return new UnitRunResult(request.Outputs.ToDictionary(o => o, _ => (ReadOnlyMemory<byte>)Zero), false, null);
        }
    }
}
