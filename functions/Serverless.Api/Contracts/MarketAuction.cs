namespace Serverless.Api.Contracts;

/// <summary>
/// One recent auction: a unit attempt of an execution, the region it was won in (or asked in, when nobody won), when
/// the last bid was made, every instance's latest answer, the winner (null when none reserved) and how many declined.
/// </summary>
public sealed record MarketAuction(
    string Execution,
    int Unit,
    int Attempt,
    string Region,
    DateTimeOffset At,
    string? Winner,
    int Declined,
    IReadOnlyList<MarketBid> Bids);
