namespace Serverless.Orchestrations.Market;

/// <summary>What an instance the autoscaler adds to a region looks like: capacity and base price per GB-second.</summary>
public sealed record InstanceTemplate(string Region, int MemoryMb, int Slots, double PricePerGbSecond);
