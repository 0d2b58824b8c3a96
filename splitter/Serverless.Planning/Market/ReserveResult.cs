namespace Serverless.Planning.Market;

/// <summary>Whether a reservation was made; when not, why (bid again on <see cref="DeclineReason.Stale"/>).</summary>
public sealed record ReserveResult(bool Reserved, DeclineReason? Reason, string? Message)
{
    /// <summary>The reservation was made.</summary>
    public static ReserveResult Ok { get; } = new(true, null, null);
}
