namespace Serverless.Planning.Market;

/// <summary>A reservation held on an instance until <see cref="ExpiresAt"/> (then its capacity is free again).</summary>
public sealed record InstanceLease(string LeaseId, int MemoryMb, DateTimeOffset ExpiresAt);
