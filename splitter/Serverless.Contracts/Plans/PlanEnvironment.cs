using System;
using System.Collections.Generic;

namespace Serverless.Contracts.Plans;

/// <summary>
/// Where a call comes from and what it can run on: the origin, the regions and the network between them, in the
/// same shape as in the planner's <c>PlanRequest</c> (the engine's <c>--regions</c> file).
/// </summary>
public sealed record PlanEnvironment(string Origin, IReadOnlyList<RegionSpec> Regions, NetworkSpec Network)
{
    /// <summary>
    /// The built-in regions: westeurope (the origin), northeurope and eastus with public figures — Azure Functions list
    /// prices, Microsoft's published inter-region round-trip latencies and inter-region transfer prices — read from the
    /// embedded <c>default-regions.json</c>, whose <c>source</c> block gives the page and date of every figure. No public
    /// figure tells the regions' speed apart, so speed is 1.0 everywhere; where splitting then does not pay, the planner
    /// keeps a function whole.
    /// </summary>
    public static PlanEnvironment Default { get; } = PlanEnvironmentJson.Deserialize(PlanEnvironmentJson.DefaultRegionsJson())
        ?? throw new InvalidOperationException($"The built-in regions resource '{PlanEnvironmentJson.DefaultResourceName}' holds null.");
}
