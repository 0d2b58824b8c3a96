namespace Serverless.Planning.Market;

/// <summary>An instance's answer to a unit: a price with expected start delay and expiry, or a decline with the reason.</summary>
public sealed record BidDecision(bool Accepted, double Price, double StartDelayMs, DateTimeOffset ExpiresAt, DeclineReason Reason)
{
    public static BidDecision Decline(DeclineReason reason) => new(false, 0, 0, DateTimeOffset.MinValue, reason);
}
