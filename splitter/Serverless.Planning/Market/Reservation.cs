namespace Serverless.Planning.Market;

/// <summary>Capacity held for one unit attempt until it is released or <see cref="ExpiresAt"/> passes.</summary>
public sealed record Reservation(string LeaseId, int MemoryMb, DateTimeOffset ExpiresAt);
