using Serverless.Contracts.Plans;
using Serverless.Local.Engine;

namespace Serverless.Hosting.Engine;

/// <summary>
/// Runs an engine plan through <c>ExecutePlanOrchestrator</c> to the end: the embedded engine
/// (<see cref="EmbeddedSplitEngine"/>) or a host's own Durable Task client.
/// </summary>
public interface ISplitExecutionEngine
{
    /// <summary>Starts the execution and waits for its result or the segment's error.</summary>
    Task<ExecutionOutcome> RunAsync(ExecutionPlan plan, CancellationToken cancellationToken = default);
}
