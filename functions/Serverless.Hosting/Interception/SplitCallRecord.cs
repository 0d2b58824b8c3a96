using Serverless.Contracts.Plans;
using Serverless.Local.Engine;

namespace Serverless.Hosting.Interception;

/// <summary>
/// One intercepted call as the handler ran it: the engine plan and how it ended, or (<see cref="Plan"/> null) a
/// refused method that ran directly.
/// </summary>
public sealed record SplitCallRecord(string FunctionId, ExecutionPlan? Plan, ExecutionOutcome? Outcome)
{
    /// <summary>True when the call ran on the engine (planned and executed as units).</summary>
    public bool RanOnEngine => Plan is not null;
}
