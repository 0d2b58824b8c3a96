namespace Serverless.Orchestrations.Market;

/// <summary>Input of <c>Configure</c>: the instance's region, capacity and base price (per GB-second).</summary>
public sealed record InstanceConfiguration(string Region, int MemoryMb, int Slots, double PricePerGbSecond, DateTimeOffset Now);
