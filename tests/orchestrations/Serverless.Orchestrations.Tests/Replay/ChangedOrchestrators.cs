using Microsoft.DurableTask;
using Serverless.Contracts.Plans;
using Serverless.Orchestrations.Contracts;
using Serverless.Orchestrations.Orchestrators;

namespace Serverless.Orchestrations.Tests.Replay;

/// <summary>A code change that must break replay: an extra activity is scheduled before the plan runs.</summary>
public sealed class AuditFirstOrchestrator : TaskOrchestrator<ExecutionPlan, ExecutionResult?>
{
    public override async Task<ExecutionResult?> RunAsync(TaskOrchestrationContext context, ExecutionPlan input)
    {
        ArgumentNullException.ThrowIfNull(context);
        await context.CallActivityAsync("AuditActivity", input?.ExecutionId);
        return await new ExecutePlanOrchestrator().RunAsync(context, input!);
    }
}

/// <summary>A code change that must break replay: the arguments are no longer stored before dispatching.</summary>
public sealed class SkipStoreArgumentsOrchestrator : TaskOrchestrator<ExecutionPlan, ExecutionResult?>
{
    public override Task<ExecutionResult?> RunAsync(TaskOrchestrationContext context, ExecutionPlan input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new ExecutePlanOrchestrator().RunAsync(context, input with { Arguments = null });
    }
}
