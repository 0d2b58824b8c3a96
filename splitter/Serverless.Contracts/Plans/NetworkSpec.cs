using System.Collections.Generic;

namespace Serverless.Contracts.Plans;

/// <summary>
/// Latency (ms) and egress price (per GB) between locations, and the bandwidth. A pair may be listed in one
/// direction only (the other is the same); a location to itself is 0.
/// </summary>
public sealed record NetworkSpec(
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> LatencyMs,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> EgressPricePerGb,
    double BandwidthMbps);
