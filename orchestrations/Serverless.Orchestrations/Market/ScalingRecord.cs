namespace Serverless.Orchestrations.Market;

/// <summary>One applied scaling decision: when, where, instances before it, added and retired.</summary>
public sealed record ScalingRecord(DateTimeOffset At, string Region, int InstancesBefore, IReadOnlyList<string> Added, IReadOnlyList<string> Retired);
