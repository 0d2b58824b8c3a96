using System.Collections.Generic;

namespace Serverless.Contracts.Plans;

/// <summary>
/// The live progress of an execution, set by the orchestrator as its custom status after every step and read by
/// <c>GET /api/execution/{id}</c> as <c>customStatus</c>: one entry per unit of the plan.
/// </summary>
public sealed record ExecutionProgress
{
    public required IReadOnlyList<UnitProgressEntry> Units { get; init; }
}
