namespace Serverless.Api.Contracts;

/// <summary>An autoscaler decision it applied: when, in which region, instances before and after, which were added or retired, and why.</summary>
public sealed record MarketScalingDecision(
    DateTimeOffset At,
    string Region,
    int From,
    int To,
    IReadOnlyList<string> Added,
    IReadOnlyList<string> Retired,
    string Reason);
