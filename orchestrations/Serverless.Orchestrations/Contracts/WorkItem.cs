using System.Text.Json.Serialization;
using Serverless.Contracts.Plans;

namespace Serverless.Orchestrations.Contracts;

/// <summary>
/// A unit attempt on a regional work queue: what to run, where its inputs are, where to report.
/// <see cref="IdempotencyKey"/> (<c>execution/unit/attempt</c>) lets workers skip attempts already completed.
/// </summary>
public sealed record WorkItem
{
    public required string ExecutionId { get; init; }

    /// <summary>The orchestration instance to notify.</summary>
    public required string InstanceId { get; init; }

    public required string FunctionId { get; init; }

    public required int UnitId { get; init; }

    public required int Attempt { get; init; }

    public required IReadOnlyList<int> Segments { get; init; }

    public IReadOnlyList<UnitInput> Inputs { get; init; } = [];

    public IReadOnlyList<string> Outputs { get; init; } = [];

    /// <summary>
    /// Outputs as they are right after their producing segment (see <see cref="PlanUnit.SegmentOutputs"/>); null in
    /// plans without them (then left out of the JSON, so recorded histories replay unchanged).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<UnitOutput>? SegmentOutputs { get; init; }

    public required string Region { get; init; }

    /// <summary>The compute instance that won the unit (its reservation), if the market assigned one.</summary>
    public string? Instance { get; init; }

    public string? LeaseId { get; init; }

    public int TimeoutSeconds { get; init; } = 60;

    public int MemoryMb { get; init; } = 512;

    public string CompletionQueue { get; init; } = QueueNames.Completions;

    /// <summary>W3C trace context (traceparent) of the dispatch span.</summary>
    public string? TraceParent { get; init; }

    public string? TraceState { get; init; }

    public string IdempotencyKey => $"{ExecutionId}/{UnitId}/{Attempt}";
}
