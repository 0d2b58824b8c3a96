using Microsoft.DurableTask;
using Serverless.Orchestrations.Activities;

namespace Serverless.Orchestrations.Orchestrators;

/// <summary>Waits out an execution's retention period with a durable timer, then deletes its state.</summary>
public sealed class CleanupExecutionOrchestrator : TaskOrchestrator<CleanupRequest, int>
{
    public override async Task<int> RunAsync(TaskOrchestrationContext context, CleanupRequest input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        await context.CreateTimer(TimeSpan.FromSeconds(input.RetentionSeconds), CancellationToken.None);
        return await context.CallActivityAsync<int>(nameof(CleanupExecutionActivity), input.ExecutionId);
    }
}
