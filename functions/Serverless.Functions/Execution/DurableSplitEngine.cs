using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using Serverless.Contracts.Plans;
using Serverless.Functions.Engine;
using Serverless.Hosting.Engine;
using Serverless.Local.Engine;
using EnginePlan = Serverless.Contracts.Plans.ExecutionPlan;

namespace Serverless.Functions.Execution;

/// <summary>
/// The splitter's engine in a Functions app: an intercepted call to a <c>[Splitable]</c> method runs as
/// <c>ExecutePlanOrchestrator</c> on the app's own Durable Functions task hub, not on an embedded engine. The isolated
/// worker hands a <see cref="DurableTaskClient"/> only to a <c>[DurableClient]</c> parameter, so the call must be made
/// inside an invocation that binds one and runs its code in <see cref="DurableClientScope.RunAsync{T}"/>. The plan is the
/// interception planner's (auction pricing and retention included: the caller has its result, so the execution's state
/// is removed at once) with the app's completion queue, which the app's completion trigger consumes.
/// </summary>
public sealed class DurableSplitEngine : ISplitExecutionEngine
{
    private readonly Func<DurableTaskClient?> _client;
    private readonly string _completionQueue;

    public DurableSplitEngine(IOptions<ServerlessOptions> options)
        : this(() => DurableClientScope.Current, options?.Value.CompletionQueue ?? QueueNames.Completions)
    {
    }

    internal DurableSplitEngine(Func<DurableTaskClient?> client, string completionQueue = QueueNames.Completions)
    {
        _client = client;
        _completionQueue = completionQueue;
    }

    public Task<ExecutionOutcome> RunAsync(EnginePlan plan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var client = _client() ?? throw new InvalidOperationException(
            $"A call to '{plan.FunctionId}' was intercepted outside a Durable Functions invocation: in a Functions app a split call runs on the invocation's Durable client. "
            + "Give the calling trigger a [DurableClient] DurableTaskClient parameter and make the call inside DurableClientScope.RunAsync(client, ...).");
        return DurablePlanRunner.RunAsync(client, plan with { Options = plan.Options with { CompletionQueue = _completionQueue } }, cancellationToken);
    }
}
