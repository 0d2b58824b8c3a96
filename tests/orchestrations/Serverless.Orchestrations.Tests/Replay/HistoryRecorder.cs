using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.DurableTask.Worker.Grpc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Contracts.Plans;
using Serverless.Orchestrations.Activities;
using Serverless.Orchestrations.InMemory;
using Serverless.Orchestrations.Market;
using Serverless.Orchestrations.Orchestrators;
using Serverless.Orchestrations.Ports;
using Serverless.Orchestrations.Profiles;
using Serverless.Orchestrations.Worker;

namespace Serverless.Orchestrations.Tests.Replay;

/// <summary>
/// Runs a plan on the in-process Durable Task engine (real activities, one regional worker per region, the
/// completion consumer) and keeps the instance's history as the worker last received it (see <see cref="WorkItemRecorder"/>).
/// </summary>
public static class HistoryRecorder
{
    public static readonly IReadOnlyList<string> Regions = ["westeurope", "northeurope", "eastus"];

    public static async Task<RecordedHistory> RecordAsync(string name, ExecutionPlan plan, ISegmentRunner runner, CancellationToken cancellationToken)
    {
        var store = new InMemoryStateStore();
        var bus = new InMemoryMessageBus(TimeProvider.System);
        var market = new PlanRegionMarket();
        var recorder = new WorkItemRecorder();
        await using var host = await DurableTaskTestHost.StartAsync(
            registry =>
            {
                registry.AddOrchestrator(nameof(ExecutePlanOrchestrator), () => new ExecutePlanOrchestrator(market));
                registry.AddOrchestrator<CleanupExecutionOrchestrator>();
                registry.AddActivity<StoreArgumentsActivity>();
                registry.AddActivity<DispatchUnitsActivity>();
                registry.AddActivity<ReadResultActivity>();
                registry.AddActivity<CleanupExecutionActivity>();
                registry.AddActivity<RecordProfilesActivity>();
                registry.AddActivity<ReplanActivity>();
            },
            new DurableTaskTestHostOptions
            {
                ConfigureServices = services =>
                {
                    services.AddSingleton<IStateStore>(store);
                    services.AddSingleton<IMessageBus>(bus);
                    services.AddSingleton<IComputeMarket>(market);
                    services.AddSingleton<ProfileStore>();
                    services.PostConfigureAll<GrpcDurableTaskWorkerOptions>(o => o.Interceptors.Add(recorder));
                },
            },
            cancellationToken);

        var workers = new List<RegionalWorker>();
        foreach (var region in Regions)
        {
            var worker = new RegionalWorker(new RegionalWorkerOptions { Region = region }, bus, store, runner, TimeProvider.System, NullLogger<RegionalWorker>.Instance);
            await worker.StartAsync(cancellationToken);
            workers.Add(worker);
        }

        await using var completions = new CompletionConsumer(bus, host.Client, NullLogger<CompletionConsumer>.Instance, QueueNames.Completions, 8);
        await completions.StartAsync(cancellationToken);
        try
        {
            await host.Client.ScheduleNewOrchestrationInstanceAsync(
                nameof(ExecutePlanOrchestrator),
                plan,
                new StartOrchestrationOptions { InstanceId = plan.ExecutionId },
                cancellationToken);
            await host.Client.WaitForInstanceCompletionAsync(plan.ExecutionId, getInputsAndOutputs: false, cancellationToken);
            var (request, response) = recorder.Last(plan.ExecutionId);
            return new RecordedHistory(name, request, response);
        }
        finally
        {
            foreach (var worker in workers)
            {
                await worker.DisposeAsync();
            }
        }
    }

    private static PlanUnit Unit(int id, IReadOnlyList<int> deps, IReadOnlyList<string> outputs) => new()
    {
        Id = id,
        Segments = [id],
        Region = Regions[id % Regions.Count],
        DependsOn = deps,
        Inputs = deps.Count == 0 ? [new UnitInput("x", null)] : [.. deps.Select(d => new UnitInput("v" + d, d))],
        Outputs = outputs,
        TimeoutSeconds = 30,
        FallbackRegions = [.. Regions.Where(r => r != Regions[id % Regions.Count])],
    };

    private static ExecutionPlan Plan(string executionId, string functionId, IReadOnlyList<PlanUnit> units, ExecutionOptions options) => new()
    {
        Version = ExecutionPlan.CurrentVersion,
        ExecutionId = executionId,
        FunctionId = functionId,
        Units = units,
        Arguments = new Dictionary<string, JsonElement> { ["x"] = JsonSerializer.SerializeToElement(5) },
        Options = options,
    };

    /// <summary>0 → {1, 2, 3} → 4 across three regions; unit 2's first attempt throws (a retry after a backoff
    /// timer, on its fallback region); unit 4 returns v1 + v2 + v3 + 4 = 25.</summary>
    public static (ExecutionPlan Plan, ISegmentRunner Runner) FanOutJoinWithRetry(string executionId) =>
        (Plan(executionId, "replay.fanout", [Unit(0, [], ["v0"]), Unit(1, [0], ["v1"]), Unit(2, [0], ["v2"]), Unit(3, [0], ["v3"]), Unit(4, [1, 2, 3], [])],
            new ExecutionOptions { FirstRetryDelayMs = 200, DeadlineTimers = false }),
         new SumRunner(returning: 4, failFirstAttemptOf: 2));

    /// <summary>A chain 0 → 1 → 2 → 3 → 4 with two completions per generation: the recorded history is the last
    /// generation, started from a checkpoint after continue-as-new; unit 4 returns 5 + 0 + 1 + 2 + 3 + 4 = 15.</summary>
    public static (ExecutionPlan Plan, ISegmentRunner Runner) ChainAcrossGenerations(string executionId) =>
        (Plan(executionId, "replay.chain", [Unit(0, [], ["v0"]), Unit(1, [0], ["v1"]), Unit(2, [1], ["v2"]), Unit(3, [2], ["v3"]), Unit(4, [3], [])],
            new ExecutionOptions { MaxCompletionsPerGeneration = 2, DeadlineTimers = false }),
         new SumRunner(returning: 4, failFirstAttemptOf: null));

    /// <summary>0 → 1 where unit 1 throws on every attempt (two attempts): the execution fails with its error.</summary>
    public static (ExecutionPlan Plan, ISegmentRunner Runner) RetriesExhausted(string executionId) =>
        (Plan(executionId, "replay.fails", [Unit(0, [], ["v0"]), Unit(1, [0], [])],
            new ExecutionOptions { MaxAttempts = 2, FirstRetryDelayMs = 100, DeadlineTimers = false }),
         new SumRunner(returning: 1, failFirstAttemptOf: null, alwaysFails: 1));

    private sealed class SumRunner(int returning, int? failFirstAttemptOf, int? alwaysFails = null) : ISegmentRunner
    {
        private int _failedOnce;

        public Task<UnitRunResult> RunAsync(UnitRunRequest request, CancellationToken cancellationToken = default)
        {
            var unit = request.Segments[0];
            if (unit == alwaysFails)
            {
                throw new InvalidOperationException($"unit {unit} always fails");
            }

            if (unit == failFirstAttemptOf && Interlocked.Exchange(ref _failedOnce, 1) == 0)
            {
                throw new InvalidOperationException($"unit {unit} fails on its first attempt");
            }

            var sum = request.Inputs.Values.Sum(v => JsonSerializer.Deserialize<long>(v.Span));
            var value = JsonSerializer.SerializeToUtf8Bytes(sum + unit);
            var outputs = request.Outputs.ToDictionary(o => o, _ => (ReadOnlyMemory<byte>)value);
            return Task.FromResult(new UnitRunResult(outputs, unit == returning, unit == returning ? value : null));
        }
    }
}
