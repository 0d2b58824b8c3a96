using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Contracts.Plans;
using Serverless.Local.Engine;
using Serverless.Orchestrations.Market;
using Serverless.Orchestrations.Ports;

namespace Serverless.Benchmarks;

/// <summary>
/// `serverless bench auction`: the same plans of no-op units on two embedded engines in one run, one auctioning
/// every unit on the in-process market (bids from every instance of three regions, the winner held and the finished
/// units' leases released in one activity per ready set) and one dispatching to the plan's region without an auction
/// (the baseline). A chain puts one auction per unit on the
/// critical path; a fan-out auctions all units in one round. Time is taken when the last unit has run (the
/// in-process engine records an instance's completion only once its unit-timeout timer fired, which would hide
/// the difference); the per-unit overhead and the ratio are printed.
/// </summary>
public sealed class AuctionBenchmark : IBenchmark
{
    private static readonly IReadOnlyList<string> Regions = ["westeurope", "northeurope", "eastus"];

    public string Name => "auction";

    public string Description => "auction overhead per unit (in-process market) vs dispatch without an auction";

    public async Task RunAsync(BenchmarkContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var o = context.Out;
        var runner = new FinishRecorder();
        var market = new InProcessMarket(TimeProvider.System);
        foreach (var (region, i) in Regions.Select((r, i) => (r, i)))
        {
            for (var k = 0; k < 3; k++)
            {
                await market.AddInstanceAsync(region, 64 * 1024, 256, 0.0000166667 * (1 + (0.1 * i) + (0.01 * k))).ConfigureAwait(false);
            }
        }

        await using var plain = await EmbeddedEngine.StartAsync(runner, new EmbeddedEngineOptions { Regions = Regions }).ConfigureAwait(false);
        await using var auction = await EmbeddedEngine.StartAsync(
            runner,
            new EmbeddedEngineOptions
            {
                Regions = Regions,
                ConfigureTasks = InProcessComputeMarket.RegisterTasks,
                ConfigureServices = services => services.AddSingleton(market),
            },
            market: new InProcessComputeMarket()).ConfigureAwait(false);

        var repeats = context.Quick ? 1 : 3;
        var shapes = context.Quick ? new[] { ("chain", 5), ("fan-out", 20) } : new[] { ("chain", 20), ("chain", 50), ("fan-out", 100), ("fan-out", 500) };
        await o.WriteLineAsync($"3 regions x 3 instances; no-op units; median of {repeats} run(s) after a warm-up; time until the last unit ran").ConfigureAwait(false);
        await o.WriteLineAsync("  shape     units   no auction ms   auction ms   overhead/unit ms   ratio").ConfigureAwait(false);
        await MeasureAsync(plain, runner, Plan("warm", "chain", 3)).ConfigureAwait(false);
        await MeasureAsync(auction, runner, Plan("warm", "chain", 3)).ConfigureAwait(false);
        foreach (var (shape, n) in shapes)
        {
            var baseline = new List<double>();
            var candidate = new List<double>();
            for (var r = 0; r < repeats; r++)
            {
                baseline.Add(await MeasureAsync(plain, runner, Plan("plain", shape, n)).ConfigureAwait(false));
                candidate.Add(await MeasureAsync(auction, runner, Plan("auction", shape, n)).ConfigureAwait(false));
            }

            var b = Median(baseline);
            var c = Median(candidate);
            await o.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  {shape,-8} {n,6}   {b,13:0.0}   {c,10:0.0}   {(c - b) / n,16:0.00}   {c / b,5:0.00}x")).ConfigureAwait(false);
        }
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }

    private static async Task<double> MeasureAsync(EmbeddedEngine engine, FinishRecorder runner, ExecutionPlan plan)
    {
        var done = runner.Expect(plan.FunctionId, plan.Units.Count);
        var sw = Stopwatch.StartNew();
        await engine.ScheduleAsync(plan).ConfigureAwait(false);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await done.WaitAsync(timeout.Token).ConfigureAwait(false);
        return sw.Elapsed.TotalMilliseconds;
    }

    private static ExecutionPlan Plan(string prefix, string shape, int n)
    {
        var id = string.Create(CultureInfo.InvariantCulture, $"bench-{prefix}-{shape}-{n}-{Interlocked.Increment(ref s_next)}");
        var units = new List<PlanUnit>();
        for (var i = 0; i < n; i++)
        {
            var chained = shape == "chain" && i > 0;
            units.Add(new PlanUnit
            {
                Id = i,
                Segments = [i],
                Region = Regions[i % Regions.Count],
                FallbackRegions = [.. Regions.Where(r => r != Regions[i % Regions.Count])],
                DependsOn = chained ? [i - 1] : [],
                Inputs = chained ? [new UnitInput("v" + (i - 1), i - 1)] : [],
                Outputs = shape == "chain" && i < n - 1 ? ["v" + i] : [],
                TimeoutSeconds = 5,
            });
        }

        return new ExecutionPlan
        {
            ExecutionId = id,
            FunctionId = id,
            Units = units,
            Options = new ExecutionOptions { RecordProfiles = false },
        };
    }

    private static int s_next;

    /// <summary>A no-op segment runner that completes a task when every unit of a function has run.</summary>
    private sealed class FinishRecorder : ISegmentRunner
    {
        private static readonly byte[] Zero = JsonSerializer.SerializeToUtf8Bytes(0);
        private readonly ConcurrentDictionary<string, (int Remaining, TaskCompletionSource Done)> _expected = new(StringComparer.Ordinal);

        public Task Expect(string functionId, int units)
        {
            var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _expected[functionId] = (units, tcs);
            return tcs.Task;
        }

        public Task<UnitRunResult> RunAsync(UnitRunRequest request, CancellationToken cancellationToken = default)
        {
            var outputs = request.Outputs.ToDictionary(o => o, _ => (ReadOnlyMemory<byte>)Zero);
            var entry = _expected.AddOrUpdate(request.FunctionId, _ => (0, new TaskCompletionSource()), (_, e) => (e.Remaining - 1, e.Done));
            if (entry.Remaining == 0)
            {
                entry.Done.TrySetResult();
            }

            return Task.FromResult(new UnitRunResult(outputs, false, null));
        }
    }
}
