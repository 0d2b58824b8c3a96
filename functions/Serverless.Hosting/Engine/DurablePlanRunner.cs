using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Serverless.Contracts.Plans;
using Serverless.Local.Engine;
using Serverless.Orchestrations.Contracts;
using Serverless.Orchestrations.Orchestrators;

namespace Serverless.Hosting.Engine;

/// <summary>
/// Runs an engine plan through <c>ExecutePlanOrchestrator</c> on any Durable Task client: the embedded engine's, or a
/// Functions app's. The instance id is the execution id; the outcome is the result or the segment's error.
/// </summary>
public static class DurablePlanRunner
{
    /// <summary>Validates the plan and starts its execution.</summary>
    public static async Task<string> ScheduleAsync(DurableTaskClient client, ExecutionPlan plan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        plan = EngineRegistrations.Prepare(plan);
        return await client.ScheduleNewOrchestrationInstanceAsync(
            nameof(ExecutePlanOrchestrator),
            plan,
            new StartOrchestrationOptions { InstanceId = plan.ExecutionId },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Waits for the execution to end.</summary>
    public static async Task<ExecutionOutcome> WaitAsync(DurableTaskClient client, string instanceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var metadata = await client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        return new ExecutionOutcome(
            instanceId,
            metadata.RuntimeStatus,
            metadata.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? metadata.ReadOutputAs<ExecutionResult>() : null,
            ExecutionFailure.From(metadata));
    }

    /// <summary>Runs a plan to the end.</summary>
    public static async Task<ExecutionOutcome> RunAsync(DurableTaskClient client, ExecutionPlan plan, CancellationToken cancellationToken = default)
        => await WaitAsync(client, await ScheduleAsync(client, plan, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
}
