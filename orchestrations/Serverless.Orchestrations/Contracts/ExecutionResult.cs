using System.Text.Json;
using System.Text.Json.Serialization;
using Serverless.Contracts.Plans;

namespace Serverless.Orchestrations.Contracts;

/// <summary>
/// The output of <c>ExecutePlanOrchestrator</c>: the method's result as JSON, which unit returned it, and per unit
/// where and when it ran. A failed execution fails the orchestration instead (see <see cref="ExecutionFailure"/>).
/// </summary>
public sealed record ExecutionResult
{
    public required string ExecutionId { get; init; }

    public JsonElement? Result { get; init; }

    public int? ReturnedBy { get; init; }

    public required IReadOnlyList<UnitRun> Units { get; init; }

    /// <summary>Units not run because an earlier unit returned.</summary>
    public IReadOnlyList<int> Skipped { get; init; } = [];

    /// <summary>How many times the orchestrator continued as new (history generations minus one).</summary>
    public int Generations { get; init; }

    /// <summary>Every unit moved out of its planned region, in order (plan version 4; null before, so the results of
    /// older executions serialise as they did).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<Replan>? Replans { get; init; }
}
