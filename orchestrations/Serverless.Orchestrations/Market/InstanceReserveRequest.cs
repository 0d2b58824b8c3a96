namespace Serverless.Orchestrations.Market;

/// <summary>Input of <c>Reserve</c>: the lease to hold for a unit until <see cref="Now"/> plus the lease length.</summary>
public sealed record InstanceReserveRequest(string LeaseId, string ExecutionId, int UnitId, int Attempt, int MemoryMb, double EstimatedMs, DateTimeOffset Now);
