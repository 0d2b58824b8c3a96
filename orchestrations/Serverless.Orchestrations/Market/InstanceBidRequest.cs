namespace Serverless.Orchestrations.Market;

/// <summary>Input of a compute instance's <c>Bid</c> operation: what the unit needs, and the time of the auction.</summary>
public sealed record InstanceBidRequest(string ExecutionId, int UnitId, int Attempt, int MemoryMb, double EstimatedMs, DateTimeOffset Now);
