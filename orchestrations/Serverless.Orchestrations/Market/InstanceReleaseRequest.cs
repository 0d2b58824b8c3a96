namespace Serverless.Orchestrations.Market;

/// <summary>Input of <c>Release</c>: the lease to free.</summary>
public sealed record InstanceReleaseRequest(string LeaseId, DateTimeOffset Now);
