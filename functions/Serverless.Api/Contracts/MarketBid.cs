namespace Serverless.Api.Contracts;

/// <summary>An instance's answer in an auction: an offer (price, expected start delay) or a decline with its reason; <see cref="Won"/> when it reserved the unit.</summary>
public sealed record MarketBid(
    string Instance,
    string Region,
    DateTimeOffset At,
    bool Accepted,
    double? Price,
    double? StartDelayMs,
    string? DeclineReason,
    bool Won);
