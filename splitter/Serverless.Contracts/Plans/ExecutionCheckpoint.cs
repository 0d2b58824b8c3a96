using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace Serverless.Contracts.Plans;

/// <summary>The orchestrator's progress, carried into the next generation when it continues as new.</summary>
public sealed record ExecutionCheckpoint
{
    public int Generation { get; init; }

    public IReadOnlyList<UnitRun> Completed { get; init; } = [];

    public IReadOnlyList<int> Skipped { get; init; } = [];

    public int? ReturnedBy { get; init; }

    public IReadOnlyList<ActiveUnit> Active { get; init; } = [];

    public IReadOnlyList<UnitFailure> Failures { get; init; } = [];

    /// <summary>Re-plans so far (plan version 4; null before, so older checkpoints serialise as they did).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<Replan>? Replans { get; init; }

    /// <summary>When the execution's first generation started, by the orchestration's clock (plan version 5: re-plans
    /// measure the elapsed time from it; null before).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTime? StartedAtUtc { get; init; }
}

/// <summary>A unit with an attempt in flight (<see cref="WaitingUntil"/> its deadline) or waiting for a retry.</summary>
public sealed record ActiveUnit
{
    public required int UnitId { get; init; }

    public required int Attempt { get; init; }

    /// <summary>True while the attempt is dispatched; false while the unit waits for its next attempt.</summary>
    public required bool Dispatched { get; init; }

    /// <summary>The attempt's deadline when dispatched; the retry time otherwise.</summary>
    public required DateTime WaitingUntil { get; init; }

    public DateTime DispatchedAt { get; init; }

    public required string Region { get; init; }

    public string? Instance { get; init; }

    public string? LeaseId { get; init; }

    public UnitError? LastError { get; init; }

    /// <summary>Auction rounds this attempt has waited because every instance declined.</summary>
    public int CapacityWaits { get; init; }
}

/// <summary>A unit that failed after its last attempt.</summary>
public sealed record UnitFailure(int UnitId, int Attempts, int FirstSegment, UnitError Error);
