namespace Serverless.Planning.Market;

/// <summary>
/// An instance's answer to a bid request: an offer (price, expected start delay and duration, expiry, and the
/// configuration version the offer is valid for) or a decline with its reason.
/// </summary>
public sealed record BidResult(
    string InstanceId,
    string Region,
    bool Accepted,
    double Price,
    double ExpectedStartDelayMs,
    double ExpectedDurationMs,
    DateTimeOffset ExpiresAt,
    int ConfigurationVersion,
    DeclineReason? Reason,
    string? Message)
{
    /// <summary>A decline with its reason and a message a person can act on.</summary>
    public static BidResult Decline(string instanceId, string region, DeclineReason reason, string message, DateTimeOffset now, int version) =>
        new(instanceId, region, false, 0, 0, 0, now, version, reason, message);
}
