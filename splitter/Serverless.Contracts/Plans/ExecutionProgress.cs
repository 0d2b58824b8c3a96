using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace Serverless.Contracts.Plans;

/// <summary>
/// The live progress of an execution, set by the orchestrator as its custom status after every step and read by
/// <c>GET /api/execution/{id}</c> as <c>customStatus</c>: one entry per unit of the plan.
/// </summary>
public sealed record ExecutionProgress
{
    public required IReadOnlyList<UnitProgressEntry> Units { get; init; }

    /// <summary>
    /// The error the execution fails with (the earliest failed unit's), once a unit has used up its attempts. Backends
    /// that keep only the failure's outer message (DTFx Azure Storage behind the sidecar) are read back from here.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public UnitError? Failure { get; init; }

    /// <summary>Units moved out of their planned region so far (plan version 4; null before).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<Replan>? Replans { get; init; }
}
