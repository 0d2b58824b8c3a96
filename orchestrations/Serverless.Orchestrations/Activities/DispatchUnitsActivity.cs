using System.Diagnostics;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Serverless.Contracts.Plans;
using Serverless.Orchestrations.Observability;
using Serverless.Orchestrations.Ports;
using Serverless.Orchestrations.Worker;

namespace Serverless.Orchestrations.Activities;

/// <summary>
/// Puts a batch of work items on their regions' queues (<c>work-{region}</c>), message id = idempotency key, each
/// carrying the dispatch span's trace context. Re-running the activity re-sends; workers skip completed attempts.
/// Arguments in the request (the first dispatch of a version-2 plan) are stored before anything is sent, so no
/// worker can read an argument that is not there yet; storing them again on a re-run writes the same values.
/// </summary>
public sealed class DispatchUnitsActivity(IMessageBus bus, IStateStore store, ILogger<DispatchUnitsActivity> logger) : TaskActivity<DispatchRequest, int>
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
        await Parallel.ForEachAsync(input.Items, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (item, ct) =>
        {
            var stamped = item with { TraceParent = traceParent, TraceState = traceState };
            var message = EngineMessages.ToMessage(stamped);
            await bus.SendAsync(QueueNames.Work(item.Region), message, cancellationToken: ct).ConfigureAwait(false);
        }).ConfigureAwait(false);
        span?.SetStatus(ActivityStatusCode.Ok);
        EngineLog.Dispatched(logger, input.ExecutionId, input.Items.Count);
        return input.Items.Count;
    }
}
