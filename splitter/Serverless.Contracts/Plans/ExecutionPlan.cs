using System.Collections.Generic;
using System.Text.Json;

namespace Serverless.Contracts.Plans;

/// <summary>
/// The input of <c>ExecutePlanOrchestrator</c>: one call of a split function, its units (in topological order) with
/// their segments, region, dependencies and variables, and the execution options.
/// </summary>
public sealed record ExecutionPlan
{
    /// <summary>The version new plans are built at (the engine's <c>ExecutionPlanBuilder</c>) and the newest this engine runs.</summary>
    public const int CurrentVersion = 5;

    /// <summary>
    /// The plan contract's version, which is also the orchestrator behaviour the execution runs under for its whole
    /// life (continue-as-new keeps it). A plan without it (JSON written before versions existed) is version 1.
    /// 1: the arguments are stored by their own activity before the first auction. 2: they are stored by the first
    /// dispatch, one activity round trip fewer. 3: after a failure, the segments before it in source order that never ran
    /// (their units waited on the failed one) run as one probe unit, so the execution reports the exception, or the
    /// return, of the direct call; and a unit wholly before the failure that returned wins over it. 4: a unit's first auction asks only the region
    /// its attempt is planned in; it moves to a fallback region (chosen by the objective) only when that region
    /// declines for <see cref="ExecutionOptions.ReplanAfterCapacityWaits"/> rounds or its best bid starts later than the
    /// unit's slack, and each move is recorded as a <see cref="Replan"/>. 5: after a move the units not started yet are
    /// re-placed (same units, new regions) by the cost model with the current bids, declines and finish times
    /// (<c>ReplanActivity</c>), recorded in the move's <see cref="Replan"/>. An orchestration
    /// started at version 1 finishes on version 1's path, so histories in flight across a deploy keep replaying (see docs/engine.md, "Changing an orchestrator safely").
    /// </summary>
    public int Version { get; init; } = 1;

    public required string ExecutionId { get; init; }

    public required string FunctionId { get; init; }

    public required IReadOnlyList<PlanUnit> Units { get; init; }

    /// <summary>Arguments as JSON by parameter name; when present the orchestrator stores them first
    /// (otherwise the caller stored them under producing unit <c>StateKeys.ArgumentsUnit</c>).</summary>
    public IReadOnlyDictionary<string, JsonElement>? Arguments { get; init; }

    public ExecutionOptions Options { get; init; } = new();

    /// <summary>The planner's regions and network (origin, dispatch latency, latency, egress, bandwidth): the auction
    /// scores bids with them (price + input transfer + latency weight × expected finish). Null: bids compare by price.</summary>
    public PlanEnvironment? Environment { get; init; }

    /// <summary>The planner's objective weight in currency per second of finish time (the plan request's <c>objective.latencyWeight</c>).</summary>
    public double LatencyWeight { get; init; }

    /// <summary>W3C trace context of the caller (the span that planned the call).</summary>
    public string? TraceParent { get; init; }

    /// <summary>Progress carried over when the orchestrator continues as new; callers leave it null.</summary>
    public ExecutionCheckpoint? Checkpoint { get; init; }
}
