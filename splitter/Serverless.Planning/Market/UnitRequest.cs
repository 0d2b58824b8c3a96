namespace Serverless.Planning.Market;

/// <summary>What a unit asks of an instance: memory and an estimated duration (reference milliseconds).</summary>
public sealed record UnitRequest(int MemoryMb, double EstimatedMs);
