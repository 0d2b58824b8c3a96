using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace Serverless.Contracts.Plans;

/// <summary>
/// A unit moved out of the region the plan gave its attempt (plan version 4): when (the orchestration's clock), why
/// (<see cref="Declined"/>: every instance of the region declined for <see cref="ExecutionOptions.ReplanAfterCapacityWaits"/>
/// rounds; <see cref="StartDelay"/>: the region's best bid would start later than the unit's slack), from and to which
/// region, and the unit's estimated finish (ms after the auction) in the planned region and where it went. From plan
/// version 5 the rest of the DAG is re-planned with it: <see cref="Replaced"/> lists the units not started yet that the
/// re-plan placed in another region, and <see cref="OldMakespanMs"/>/<see cref="NewMakespanMs"/> the execution's
/// makespan estimate before and after (null before version 5).
/// </summary>
public sealed record Replan
{
    /// <summary>Every instance of the planned region declined, round after round.</summary>
    public const string Declined = "declined";

    /// <summary>The planned region's best bid starts later than the unit's slack allows.</summary>
    public const string StartDelay = "startDelay";

    public required DateTime AtUtc { get; init; }

    public required int UnitId { get; init; }

    public required int Attempt { get; init; }

    /// <summary><see cref="Declined"/> or <see cref="StartDelay"/>.</summary>
    public required string Reason { get; init; }

    public required string FromRegion { get; init; }

    public required string ToRegion { get; init; }

    /// <summary>The plan's estimate of the unit's finish in <see cref="FromRegion"/>: input transfer, dispatch latency
    /// and its estimated work, no start delay (what the plan assumed).</summary>
    public required double OldEstimateMs { get; init; }

    /// <summary>The winning bid's expected finish in <see cref="ToRegion"/>: input transfer, its start delay, dispatch
    /// latency and its expected duration (what the auction scored it with).</summary>
    public required double NewEstimateMs { get; init; }

    /// <summary>Plan version 5: the units not started yet whose region the re-plan changed (empty: it kept them all;
    /// null before version 5). Each runs in its new region unless a later replan names it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ReplacedUnit>? Replaced { get; init; }

    /// <summary>Plan version 5: ms from the start of the execution to this re-plan.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? ElapsedMs { get; init; }

    /// <summary>Plan version 5: the makespan (ms) of the execution as planned before this re-plan, by the cost model
    /// (no start delays, no declines).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? OldMakespanMs { get; init; }

    /// <summary>Plan version 5: the re-planned makespan of the whole execution (ms): <see cref="ElapsedMs"/> plus the
    /// re-planned remainder (units that finished as they did, running ones as estimated, the moved unit on its winning
    /// bid, the rest where the re-plan put them).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? NewMakespanMs { get; init; }
}
