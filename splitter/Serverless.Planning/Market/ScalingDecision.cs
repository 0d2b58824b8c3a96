namespace Serverless.Planning.Market;

/// <summary>What to do with a region: add (<see cref="Delta"/> &gt; 0), retire (&lt; 0) or hold (0) instances, and why.</summary>
public sealed record ScalingDecision(string Region, int Delta, string Reason);
