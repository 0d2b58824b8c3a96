using Serverless.Contracts.Plans;

namespace Serverless.Orchestrations.Contracts;

/// <summary>
/// A worker's report of one unit attempt, raised on the orchestration as the external event <see cref="EventName"/>:
/// success (with whether the unit executed <c>return</c>) or the segment's error, plus measurements.
/// </summary>
public sealed record UnitCompleted
{
    public const string EventName = "UnitCompleted";

    public required string ExecutionId { get; init; }

    public required string InstanceId { get; init; }

    public required int UnitId { get; init; }

    public required int Attempt { get; init; }

    public required bool Succeeded { get; init; }

    public bool Returned { get; init; }

    public UnitError? Error { get; init; }

    public string? Region { get; init; }

    public string? Instance { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset EndedAt { get; init; }

    public double DurationMs { get; init; }

    /// <summary>Serialised size in bytes of each output variable written.</summary>
    public IReadOnlyDictionary<string, int> OutputBytes { get; init; } = new Dictionary<string, int>();

    /// <summary>W3C trace context of the unit span.</summary>
    public string? TraceParent { get; init; }

    public string IdempotencyKey => $"{ExecutionId}/{UnitId}/{Attempt}";
}
