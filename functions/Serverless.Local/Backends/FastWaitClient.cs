using DurableTask.Core;
using DurableTask.Core.Query;

namespace Serverless.Local.Backends;

/// <summary>
/// An <see cref="IOrchestrationServiceClient"/> that waits for an instance by reading its status every
/// <c>interval</c> instead of the inner client's own wait (DTFx Azure Storage polls every 2 s), then lets the inner
/// client read the final state (which fetches large outputs from blobs). Everything else is passed through.
/// </summary>
public sealed class FastWaitClient(IOrchestrationServiceClient inner, TimeSpan interval) : IOrchestrationServiceClient, IOrchestrationServiceQueryClient, IOrchestrationServicePurgeClient
{
    public async Task<OrchestrationState> WaitForOrchestrationAsync(string instanceId, string executionId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var infinite = timeout == Timeout.InfiniteTimeSpan;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        while (!cancellationToken.IsCancellationRequested)
        {
            var state = await inner.GetOrchestrationStateAsync(instanceId, executionId).ConfigureAwait(false);
            if (state is not null && IsTerminal(state.OrchestrationStatus))
            {
                return await inner.WaitForOrchestrationAsync(instanceId, executionId, TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
            }

            if (!infinite && System.Diagnostics.Stopwatch.GetElapsedTime(started) >= timeout)
            {
                break;
            }

            await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
        return null!;
    }

    public Task CreateTaskOrchestrationAsync(TaskMessage creationMessage) => inner.CreateTaskOrchestrationAsync(creationMessage);

    public Task CreateTaskOrchestrationAsync(TaskMessage creationMessage, OrchestrationStatus[] dedupeStatuses) => inner.CreateTaskOrchestrationAsync(creationMessage, dedupeStatuses);

    public Task SendTaskOrchestrationMessageAsync(TaskMessage message) => inner.SendTaskOrchestrationMessageAsync(message);

    public Task SendTaskOrchestrationMessageBatchAsync(params TaskMessage[] messages) => inner.SendTaskOrchestrationMessageBatchAsync(messages);

    public Task ForceTerminateTaskOrchestrationAsync(string instanceId, string reason) => inner.ForceTerminateTaskOrchestrationAsync(instanceId, reason);

    public Task<IList<OrchestrationState>> GetOrchestrationStateAsync(string instanceId, bool allExecutions) => inner.GetOrchestrationStateAsync(instanceId, allExecutions);

    public Task<OrchestrationState> GetOrchestrationStateAsync(string instanceId, string executionId) => inner.GetOrchestrationStateAsync(instanceId, executionId);

    public Task<string> GetOrchestrationHistoryAsync(string instanceId, string executionId) => inner.GetOrchestrationHistoryAsync(instanceId, executionId);

    public Task PurgeOrchestrationHistoryAsync(DateTime thresholdDateTimeUtc, OrchestrationStateTimeRangeFilterType timeRangeFilterType) => inner.PurgeOrchestrationHistoryAsync(thresholdDateTimeUtc, timeRangeFilterType);

    public Task<OrchestrationQueryResult> GetOrchestrationWithQueryAsync(OrchestrationQuery query, CancellationToken cancellationToken)
        => inner is IOrchestrationServiceQueryClient q ? q.GetOrchestrationWithQueryAsync(query, cancellationToken) : throw new NotSupportedException($"{inner.GetType().Name} cannot query instances.");

    public Task<PurgeResult> PurgeInstanceStateAsync(string instanceId)
        => inner is IOrchestrationServicePurgeClient p ? p.PurgeInstanceStateAsync(instanceId) : throw new NotSupportedException($"{inner.GetType().Name} cannot purge instances.");

    public Task<PurgeResult> PurgeInstanceStateAsync(PurgeInstanceFilter purgeInstanceFilter)
        => inner is IOrchestrationServicePurgeClient p ? p.PurgeInstanceStateAsync(purgeInstanceFilter) : throw new NotSupportedException($"{inner.GetType().Name} cannot purge instances.");

    private static bool IsTerminal(OrchestrationStatus status)
        => status is OrchestrationStatus.Completed or OrchestrationStatus.Failed or OrchestrationStatus.Canceled or OrchestrationStatus.Terminated;
}
