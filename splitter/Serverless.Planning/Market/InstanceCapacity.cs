namespace Serverless.Planning.Market;

/// <summary>What one compute instance can hold at once: memory and concurrent slots.</summary>
public sealed record InstanceCapacity(int MemoryMb, int Slots);
