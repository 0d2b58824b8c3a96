namespace Serverless.Orchestrations.Market;

/// <summary>
/// Result of a <c>Bid</c>: an offer (price, expected start delay, expiry, the configuration version it holds for, and
/// the expected duration on this instance) or a decline with its reason.
/// </summary>
public sealed record InstanceBid(bool Accepted, double Price, double StartDelayMs, DateTimeOffset ExpiresAt, int Version, string? DeclineReason, double DurationMs = 0);
