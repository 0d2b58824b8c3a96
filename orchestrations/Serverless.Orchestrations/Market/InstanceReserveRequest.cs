namespace Serverless.Orchestrations.Market;

/// <summary>Input of <c>Reserve</c>: the lease to hold for a unit (for <see cref="LeaseSeconds"/> from <see cref="Now"/>), valid only for the configuration version the bid was made on.</summary>
public sealed record InstanceReserveRequest(string LeaseId, string ExecutionId, int UnitId, int Attempt, int MemoryMb, double EstimatedMs, int BidVersion, double LeaseSeconds, DateTimeOffset Now);
