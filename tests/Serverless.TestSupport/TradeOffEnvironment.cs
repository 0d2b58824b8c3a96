using Serverless.Contracts.Plans;

namespace Serverless.TestSupport;

/// <summary>
/// A test scenario, not the product's default: three regions whose figures were chosen so that splitting pays —
/// westeurope (the origin; reference speed, 1.6e-5 per GB-second), northeurope (slower, 0.8×, but cheapest per unit of
/// work; 20 ms away) and eastus (twice as fast, dearest per unit of work; 85 ms and a transatlantic egress price away).
/// Off the critical path work goes north; on it, to the fast region when the time saved outweighs the price and the
/// transfer. Tests whose purpose is a trade-off (a split, a move to a cheaper or faster region) plan over this;
/// <see cref="PlanEnvironment.Default"/> holds public figures, under which most samples are kept whole.
/// </summary>
public static class TradeOffEnvironment
{
    /// <summary>The scenario's origin, regions and network.</summary>
    public static PlanEnvironment Regions { get; } = new(
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
