using System.Text.Json.Serialization;

namespace Serverless.Contracts.Plans;

/// <summary>
/// Retry, batching and retention settings of one execution. Retries back off exponentially:
/// <c>FirstRetryDelayMs × BackoffFactor^(attempt-1)</c>, capped at <see cref="MaxRetryDelayMs"/>.
/// </summary>
public sealed record ExecutionOptions
{
    public int MaxAttempts { get; init; } = 3;

    public int FirstRetryDelayMs { get; init; } = 500;

    public double BackoffFactor { get; init; } = 2.0;

    public int MaxRetryDelayMs { get; init; } = 30_000;

    /// <summary>How long the execution's variables stay in the state store after it ends (0: cleaned at once).</summary>
    public int RetentionSeconds { get; init; }

    /// <summary>Where workers put their <c>UnitCompleted</c> messages.</summary>
    public string CompletionQueue { get; init; } = QueueNames.Completions;

    /// <summary>
    /// History budget of one orchestration generation: after this many unit completions the orchestrator continues
    /// as new with its state, so replay cost and history size stay bounded however large the DAG is.
    /// </summary>
    public int MaxCompletionsPerGeneration { get; init; } = 500;

    /// <summary>
    /// Whether the orchestrator races each dispatched attempt against a durable timer (its timeout plus a grace) to
    /// detect workers that vanished (null: yes). The embedded engine turns them off: its in-process backend holds an
    /// orchestration's completion until every timer it created has fired, and there the worker enforces the
    /// timeout and the bus redelivers the work of a stopped worker. Retry backoff always uses timers.
    /// </summary>
    public bool? DeadlineTimers { get; init; }

    /// <summary>Whether to record measured durations and sizes as profiles at the end.</summary>
    public bool RecordProfiles { get; init; } = true;

    /// <summary>Plan version 4: auction rounds in which every instance of a unit's planned region declined after which
    /// the unit moves to a fallback region (null: <see cref="DefaultReplanAfterCapacityWaits"/>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? ReplanAfterCapacityWaits { get; init; }

    /// <summary>Plan version 4: the least start delay a unit tolerates in its planned region before it moves
    /// (null: <see cref="DefaultReplanSlackFloorMs"/>). The slack is max(this, <see cref="ReplanSlackFraction"/> × the
    /// unit's estimated work).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? ReplanSlackFloorMs { get; init; }

    /// <summary>Plan version 4: the share of a unit's estimated work it tolerates as start delay in its planned region
    /// (null: <see cref="DefaultReplanSlackFraction"/>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? ReplanSlackFraction { get; init; }

    public const int DefaultReplanAfterCapacityWaits = 2;

    public const double DefaultReplanSlackFloorMs = 1000;

    public const double DefaultReplanSlackFraction = 0.5;

    /// <summary>The start delay beyond which a unit with <paramref name="estimatedWorkMs"/> leaves its planned region.</summary>
    public double ReplanSlackMs(double estimatedWorkMs) =>
        System.Math.Max(ReplanSlackFloorMs ?? DefaultReplanSlackFloorMs, (ReplanSlackFraction ?? DefaultReplanSlackFraction) * System.Math.Max(0, estimatedWorkMs));
}
