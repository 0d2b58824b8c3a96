namespace Serverless.Orchestrations.Market;

/// <summary>Result of a <c>Bid</c>: an offer (price, expected start delay, expiry) or a decline with its reason.</summary>
public sealed record InstanceBid(bool Accepted, double Price, double StartDelayMs, DateTimeOffset ExpiresAt, string? DeclineReason)
{
    public static InstanceBid Decline(string reason) => new(false, 0, 0, DateTimeOffset.MinValue, reason);
}
