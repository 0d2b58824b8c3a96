namespace Serverless.Contracts.Plans;

/// <summary>A region that can run units: prices, speed factor (1 = reference), memory limit, free instances, dispatch latency.</summary>
public sealed record RegionSpec(
    string Name,
    double PricePerGbSecond,
    double PricePerInvocation,
    double Speed,
    int MaxMemoryMb,
    int AvailableInstances,
    double DispatchLatencyMs);
