using DurableTask.Core;
using Microsoft.Extensions.Logging;

namespace Serverless.Local.Backends;

/// <summary>
/// The backend as the sidecar sees it: every member forwards to <paramref name="inner"/>, except that stopping is
/// forced and bounded by <paramref name="stopTimeout"/>.
/// </summary>
/// <remarks>
/// The sidecar (InProcessTestHost 0.2.3-preview.1) stops its service from an <c>async void</c> application-stopping
/// callback, after its dispatchers have stopped. DTFx Azure Storage's graceful stop then waits for the table partition
/// manager to drain sessions nobody will process any more, or to reach a storage account that is gone, and after ten
/// minutes throws a <see cref="TimeoutException"/> from that callback, which ends the process. By the time the service
/// stops nothing can complete a session, so the stop is forced (sessions are abandoned; their messages stay queued
/// and are delivered again to the next owner), and a stop that still does not finish in time is logged and left
/// behind: its leases expire and another instance takes the partitions over, as after a crash.
/// </remarks>
public sealed class BoundedStopOrchestrationService(IOrchestrationService inner, TimeSpan stopTimeout, ILogger logger) : IOrchestrationService
{
    public int TaskOrchestrationDispatcherCount => inner.TaskOrchestrationDispatcherCount;

    public int MaxConcurrentTaskOrchestrationWorkItems => inner.MaxConcurrentTaskOrchestrationWorkItems;

    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => inner.EventBehaviourForContinueAsNew;

    public int TaskActivityDispatcherCount => inner.TaskActivityDispatcherCount;

    public int MaxConcurrentTaskActivityWorkItems => inner.MaxConcurrentTaskActivityWorkItems;

    public Task StartAsync() => inner.StartAsync();

    public Task StopAsync() => StopAsync(isForced: true);

    public async Task StopAsync(bool isForced)
    {
        var stop = inner.StopAsync(isForced: true);
        try
        {
            await stop.WaitAsync(stopTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Observe the abandoned stop's eventual failure so it is not reported as unobserved.
            _ = stop.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
            logger.LogWarning("The durable backend did not stop within {Timeout}; its partition leases expire and another instance takes them over.", stopTimeout);
        }
#pragma warning disable CA1031 // Stopping must not throw from the sidecar's async void callback: that would end the process.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            logger.LogWarning(ex, "The durable backend failed to stop cleanly; its partition leases expire and another instance takes them over.");
        }
    }

    public Task CreateAsync() => inner.CreateAsync();

    public Task CreateAsync(bool recreateInstanceStore) => inner.CreateAsync(recreateInstanceStore);

    public Task CreateIfNotExistsAsync() => inner.CreateIfNotExistsAsync();

    public Task DeleteAsync() => inner.DeleteAsync();

    public Task DeleteAsync(bool deleteInstanceStore) => inner.DeleteAsync(deleteInstanceStore);

    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) => inner.IsMaxMessageCountExceeded(currentMessageCount, runtimeState);

    public int GetDelayInSecondsAfterOnProcessException(Exception exception) => inner.GetDelayInSecondsAfterOnProcessException(exception);

    public int GetDelayInSecondsAfterOnFetchException(Exception exception) => inner.GetDelayInSecondsAfterOnFetchException(exception);

    public Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken) => inner.LockNextTaskOrchestrationWorkItemAsync(receiveTimeout, cancellationToken);

    public Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem) => inner.RenewTaskOrchestrationWorkItemLockAsync(workItem);

    public Task CompleteTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem, OrchestrationRuntimeState newOrchestrationRuntimeState, IList<TaskMessage> outboundMessages, IList<TaskMessage> orchestratorMessages, IList<TaskMessage> timerMessages, TaskMessage continuedAsNewMessage, OrchestrationState orchestrationState)
        => inner.CompleteTaskOrchestrationWorkItemAsync(workItem, newOrchestrationRuntimeState, outboundMessages, orchestratorMessages, timerMessages, continuedAsNewMessage, orchestrationState);

    public Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => inner.AbandonTaskOrchestrationWorkItemAsync(workItem);

    public Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => inner.ReleaseTaskOrchestrationWorkItemAsync(workItem);

    public Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken) => inner.LockNextTaskActivityWorkItem(receiveTimeout, cancellationToken);

    public Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem) => inner.RenewTaskActivityWorkItemLockAsync(workItem);

    public Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage) => inner.CompleteTaskActivityWorkItemAsync(workItem, responseMessage);

    public Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem) => inner.AbandonTaskActivityWorkItemAsync(workItem);
}
