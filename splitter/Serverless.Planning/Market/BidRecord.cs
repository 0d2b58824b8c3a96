namespace Serverless.Planning.Market;

/// <summary>
/// One bid an instance answered, kept in its recent history: for which execution, unit and attempt, when, the offer
/// (price, expected start delay) or the decline reason, and whether the instance then won (reserved) the unit.
/// </summary>
public sealed record BidRecord(
    string ExecutionId,
    int UnitId,
    int Attempt,
    DateTimeOffset At,
    bool Accepted,
    double Price,
    double StartDelayMs,
    string? DeclineReason,
    bool Won = false);
