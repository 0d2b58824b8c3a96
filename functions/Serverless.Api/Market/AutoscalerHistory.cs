using Microsoft.DurableTask.Client;
using Serverless.Orchestrations.Market;

namespace Serverless.Api.Market;

/// <summary>The autoscaler's recent decisions as its orchestration carries them (its input while it runs, its output once stopped).</summary>
public static class AutoscalerHistory
{
    /// <summary>The decisions of <see cref="AutoscalerOrchestrator.InstanceId"/>; none when it never ran here.</summary>
    public static async Task<IReadOnlyList<ScalingRecord>> ReadAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var instance = await client.GetInstanceAsync(AutoscalerOrchestrator.InstanceId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        if (instance is null)
        {
            return [];
        }

        var carried = instance.RuntimeStatus == OrchestrationRuntimeStatus.Completed && instance.SerializedOutput is { Length: > 0 }
            ? instance.ReadOutputAs<AutoscalerInput>()
            : instance.SerializedInput is { Length: > 0 } ? instance.ReadInputAs<AutoscalerInput>() : null;
        return carried?.History ?? [];
    }
}
