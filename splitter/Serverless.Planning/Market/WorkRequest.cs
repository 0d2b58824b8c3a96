namespace Serverless.Planning.Market;

/// <summary>
/// What a unit asks of an instance: memory, its work in reference milliseconds (the instance divides by its speed),
/// and how long a reservation may be held before it lapses.
/// </summary>
public sealed record WorkRequest(int MemoryMb, double WorkMs, TimeSpan Lease);
