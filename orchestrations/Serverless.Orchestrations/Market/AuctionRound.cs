using Serverless.Contracts.Plans;
using Serverless.Orchestrations.Ports;
using Serverless.Planning.Market;

namespace Serverless.Orchestrations.Market;

/// <summary>
/// One round trip of the in-process auction: leases to release first, the demands to ask bids for, and what each
/// demand's winner is chosen by (the environments once, and per demand its latency weight and input locations), so
/// the market can hold the winner the orchestrator will pick in the same call.
/// </summary>
public sealed record AuctionRound(
    string OrchestrationId,
    IReadOnlyList<ComputeReservation> Release,
    IReadOnlyList<UnitDemand> Demands,
    IReadOnlyList<PlanEnvironment> Environments,
    IReadOnlyList<DemandPricing?> Pricing)
{
    /// <summary>The round for <paramref name="demands"/> (their <see cref="UnitDemand.Pricing"/> carried along).</summary>
    public static AuctionRound For(string orchestrationId, IReadOnlyList<ComputeReservation> release, IReadOnlyList<UnitDemand> demands)
    {
        ArgumentNullException.ThrowIfNull(demands);
        var environments = new List<PlanEnvironment>();
        var pricing = new List<DemandPricing?>();
        foreach (var d in demands)
        {
            if (d.Pricing is not { } p)
            {
                pricing.Add(null);
                continue;
            }

            var index = environments.FindIndex(e => ReferenceEquals(e, p.Environment));
            if (index < 0)
            {
                environments.Add(p.Environment);
                index = environments.Count - 1;
            }

            pricing.Add(new DemandPricing(index, p.LatencyWeight, p.Inputs, p.ReadyAtMs));
        }

        return new AuctionRound(orchestrationId, release, demands, environments, pricing);
    }

    /// <summary>The demands with their pricing restored.</summary>
    public IReadOnlyList<UnitDemand> PricedDemands() =>
        [.. Demands.Select((d, i) => Pricing.Count > i && Pricing[i] is { } p
            ? d with { Pricing = new AuctionContext(p.LatencyWeight, p.Inputs, Environments[p.Environment], p.ReadyAtMs) }
            : d)];
}
