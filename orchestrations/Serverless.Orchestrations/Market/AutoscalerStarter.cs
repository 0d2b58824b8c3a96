using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Serverless.Orchestrations.Market;

/// <summary>
/// Makes sure the singleton autoscaler (<see cref="AutoscalerOrchestrator.InstanceId"/>) runs: schedules it when no
/// instance exists or the last one ended (completed, failed, terminated), leaves a pending, running or suspended one
/// alone. Idempotent, so every app instance may call it at start and on a schedule; a concurrent start that lost
/// the race (the id is taken) counts as running.
/// </summary>
public static class AutoscalerStarter
{
    /// <summary>True when this call scheduled the autoscaler; false when one was already there.</summary>
    public static async Task<bool> EnsureRunningAsync(DurableTaskClient client, AutoscalerInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(input);
        if (input.Regions.Count == 0)
        {
            throw new ArgumentException("The autoscaler needs at least one region template; configure Serverless:Regions (or Serverless:Market:Regions).", nameof(input));
        }

        var existing = await client.GetInstanceAsync(AutoscalerOrchestrator.InstanceId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false);
        if (existing is not null && !Ended(existing.RuntimeStatus))
        {
            return false;
        }

        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(
                nameof(AutoscalerOrchestrator),
                input,
                new StartOrchestrationOptions { InstanceId = AutoscalerOrchestrator.InstanceId },
                cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Another app instance may have started it between our read and our start (the backends report a taken
            // id differently): running now means someone else won; otherwise the failure is real.
            var now = await client.GetInstanceAsync(AutoscalerOrchestrator.InstanceId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false);
            if (now is not null && !Ended(now.RuntimeStatus))
            {
                return false;
            }

            throw;
        }
    }

    private static bool Ended(OrchestrationRuntimeStatus status) =>
        status is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated;
}
