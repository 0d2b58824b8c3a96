namespace Serverless.Orchestrations.Market;

/// <summary>
/// Result of a <c>Bid</c>: an offer (price, expected start delay, expiry, and the configuration version it holds for)
/// or a decline with its reason.
/// </summary>
public sealed record InstanceBid(bool Accepted, double Price, double StartDelayMs, DateTimeOffset ExpiresAt, int Version, string? DeclineReason);
