using System.Diagnostics;
using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Serverless.Contracts.Plans;
using Serverless.Orchestrations.Contracts;
using Serverless.Orchestrations.Dispatch;
using Serverless.Orchestrations.Observability;
using Serverless.Orchestrations.Ports;
using Serverless.Orchestrations.Worker;

namespace Serverless.Orchestrations.Activities;

/// <summary>
/// Puts a batch of work items on their regions' queues (<c>work-{region}</c>), message id = idempotency key, each
/// carrying the dispatch span's trace context. Re-running the activity re-sends; workers skip completed attempts.
/// Arguments in the request (the first dispatch of a version-2 plan) are stored before anything is sent, so no
/// worker can read an argument that is not there yet; storing them again on a re-run writes the same values.
/// With a <see cref="DeploymentCheck"/> (<c>Serverless__Dispatch__Undeployed</c> fail or deploy), an item whose virtual
/// function is not deployed in its region at the running package version is deployed first, or not sent: its attempt
/// is failed instead, recorded and reported on the completion queue as a worker reports a failed unit (so the
/// orchestrator retries it elsewhere or fails with that error, and the history keeps its shape).
/// </summary>
public sealed class DispatchUnitsActivity(IMessageBus bus, IStateStore store, ILogger<DispatchUnitsActivity> logger, DeploymentCheck? deployments = null) : TaskActivity<DispatchRequest, int>
{
    public override async Task<int> RunAsync(TaskActivityContext context, DispatchRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Arguments is { Count: > 0 } arguments)
        {
            await StoreArgumentsActivity.StoreAsync(store, logger, input.ExecutionId, arguments).ConfigureAwait(false);
        }

        var parent = input.Items.Count > 0 ? input.Items[0].TraceParent : null;
        using var span = SplitterTelemetry.StartDispatch(input.ExecutionId, input.Items.Count, parent);
        var traceParent = span?.Id ?? parent;
        var traceState = span?.TraceStateString;
        IReadOnlyList<WorkItem> send = input.Items;
        IReadOnlyList<UnitCompleted> failed = [];
        if (deployments is not null)
        {
            (send, failed) = await deployments.CheckAsync(input.Items).ConfigureAwait(false);
        }

        foreach (var completed in failed)
        {
            EngineLog.NotDeployed(logger, input.ExecutionId, completed.UnitId, completed.Attempt, completed.Region ?? string.Empty, completed.Error?.Message ?? string.Empty);
            await ReportAsync(completed, input.Items.First(i => i.UnitId == completed.UnitId && i.Attempt == completed.Attempt).CompletionQueue).ConfigureAwait(false);
        }

        await Parallel.ForEachAsync(send, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (item, ct) =>
        {
            var stamped = item with { TraceParent = traceParent, TraceState = traceState };
            var message = EngineMessages.ToMessage(stamped);
            await bus.SendAsync(QueueNames.Work(item.Region), message, cancellationToken: ct).ConfigureAwait(false);
        }).ConfigureAwait(false);
        span?.SetStatus(ActivityStatusCode.Ok);
        EngineLog.Dispatched(logger, input.ExecutionId, send.Count);
        return send.Count;
    }

    /// <summary>Records the failed attempt where a worker would (the first record wins on a re-run) and reports it.</summary>
    private async Task ReportAsync(UnitCompleted completed, string completionQueue)
    {
        var key = StateKeys.Completion(completed.ExecutionId, completed.UnitId, completed.Attempt);
        await store.PutIfAbsentAsync(key, JsonSerializer.SerializeToUtf8Bytes(completed, EngineJsonContext.Default.UnitCompleted)).ConfigureAwait(false);
        var stored = JsonSerializer.Deserialize((await store.GetAsync(key).ConfigureAwait(false)).Span, EngineJsonContext.Default.UnitCompleted) ?? completed;
        await bus.SendAsync(completionQueue, EngineMessages.ToMessage(stored)).ConfigureAwait(false);
    }
}
