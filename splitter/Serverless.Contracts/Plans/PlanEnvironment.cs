using System.Collections.Generic;

namespace Serverless.Contracts.Plans;

/// <summary>
/// Where a call comes from and what it can run on: the origin, the regions and the network between them, in the
/// same shape as in the planner's <c>PlanRequest</c> (the engine's <c>--regions</c> file).
/// </summary>
public sealed record PlanEnvironment(string Origin, IReadOnlyList<RegionSpec> Regions, NetworkSpec Network)
{
    /// <summary>
    /// Three built-in regions that differ in price, speed and dispatch latency, with a real trade-off per unit of
    /// work (price / speed): westeurope (the origin; reference speed, 1.6e-5 per GB-second of reference work),
    /// northeurope (slowest but cheapest per unit of work, 1.0e-5; 20 ms away) and eastus (twice as fast but dearest
    /// per unit of work, 1.7e-5; 85 ms and a transatlantic egress price away). Off the critical path work goes north;
    /// on it, to the fast region when the time saved outweighs the price and the transfer.
    /// </summary>
    public static PlanEnvironment Default { get; } = new(
        "westeurope",
        [
            new RegionSpec("westeurope", PricePerGbSecond: 0.000016, PricePerInvocation: 0.0000002, Speed: 1.0, MaxMemoryMb: 4096, AvailableInstances: 10, DispatchLatencyMs: 40),
            new RegionSpec("northeurope", PricePerGbSecond: 0.000008, PricePerInvocation: 0.0000002, Speed: 0.8, MaxMemoryMb: 4096, AvailableInstances: 10, DispatchLatencyMs: 60),
            new RegionSpec("eastus", PricePerGbSecond: 0.000034, PricePerInvocation: 0.0000002, Speed: 2.0, MaxMemoryMb: 8192, AvailableInstances: 20, DispatchLatencyMs: 30),
        ],
        new NetworkSpec(
            LatencyMs: new Dictionary<string, IReadOnlyDictionary<string, double>>
            {
                ["westeurope"] = new Dictionary<string, double> { ["northeurope"] = 20, ["eastus"] = 85 },
                ["northeurope"] = new Dictionary<string, double> { ["eastus"] = 75 },
            },
            EgressPricePerGb: new Dictionary<string, IReadOnlyDictionary<string, double>>
            {
                ["westeurope"] = new Dictionary<string, double> { ["northeurope"] = 0.02, ["eastus"] = 0.05 },
                ["northeurope"] = new Dictionary<string, double> { ["eastus"] = 0.05 },
            },
            BandwidthMbps: 1000));
}
