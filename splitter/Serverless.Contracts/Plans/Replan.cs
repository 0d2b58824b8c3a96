using System;

namespace Serverless.Contracts.Plans;

/// <summary>
/// A unit moved out of the region the plan gave its attempt (plan version 4): when (the orchestration's clock), why
/// (<see cref="Declined"/>: every instance of the region declined for <see cref="ExecutionOptions.ReplanAfterCapacityWaits"/>
/// rounds; <see cref="StartDelay"/>: the region's best bid would start later than the unit's slack), from and to which
/// region, and the unit's estimated finish (ms after the auction) in the planned region and where it went.
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
}
