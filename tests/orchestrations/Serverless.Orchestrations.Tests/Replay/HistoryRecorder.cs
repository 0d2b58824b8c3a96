using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.DurableTask.Worker.Grpc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Orchestrations.Activities;
using Serverless.Orchestrations.Contracts;
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
        var bus = new InMemoryMessageBus();
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
            var metadata = await host.Client.WaitForInstanceCompletionAsync(plan.ExecutionId, getInputsAndOutputs: true, cancellationToken);
            if (metadata.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
            {
                throw new InvalidOperationException($"Recording '{name}': the execution ended {metadata.RuntimeStatus}: {metadata.FailureDetails?.ErrorMessage}");
            }

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

    /// <summary>The recorded scenario: 0 → {1, 2, 3} → 4 across three regions; unit 2's first attempt throws (a
    /// retry after a backoff timer, on its fallback region); unit 4 returns the sum.</summary>
    public static (ExecutionPlan Plan, ISegmentRunner Runner) FanOutJoinWithRetry(string executionId)
    {
        PlanUnit Unit(int id, IReadOnlyList<int> deps, IReadOnlyList<UnitInput> inputs, IReadOnlyList<string> outputs) => new()
        {
            Id = id,
            Segments = [id],
            Region = Regions[id % Regions.Count],
            DependsOn = deps,
            Inputs = inputs,
            Outputs = outputs,
            TimeoutSeconds = 30,
            FallbackRegions = [.. Regions.Where(r => r != Regions[id % Regions.Count])],
        };

        var plan = new ExecutionPlan
        {
            ExecutionId = executionId,
            FunctionId = "replay.fanout",
            Units =
            [
                Unit(0, [], [new UnitInput("x", null)], ["v0"]),
                Unit(1, [0], [new UnitInput("v0", 0)], ["v1"]),
                Unit(2, [0], [new UnitInput("v0", 0)], ["v2"]),
                Unit(3, [0], [new UnitInput("v0", 0)], ["v3"]),
                Unit(4, [1, 2, 3], [new UnitInput("v1", 1), new UnitInput("v2", 2), new UnitInput("v3", 3)], []),
            ],
            Arguments = new Dictionary<string, JsonElement> { ["x"] = JsonSerializer.SerializeToElement(5) },
            Options = new ExecutionOptions { FirstRetryDelayMs = 200, DeadlineTimers = false },
        };
        return (plan, new FanOutRunner());
    }

    private sealed class FanOutRunner : ISegmentRunner
    {
        private int _unit2Runs;

        public Task<UnitRunResult> RunAsync(UnitRunRequest request, CancellationToken cancellationToken = default)
        {
            var unit = request.Segments[0];
            if (unit == 2 && Interlocked.Increment(ref _unit2Runs) == 1)
            {
                throw new InvalidOperationException("unit 2 fails on its first attempt");
            }

            var sum = request.Inputs.Values.Sum(v => JsonSerializer.Deserialize<long>(v.Span));
            var value = JsonSerializer.SerializeToUtf8Bytes(sum + unit);
            var outputs = request.Outputs.ToDictionary(o => o, _ => (ReadOnlyMemory<byte>)value);
            return Task.FromResult(new UnitRunResult(outputs, unit == 4, unit == 4 ? value : null));
        }
    }
}
