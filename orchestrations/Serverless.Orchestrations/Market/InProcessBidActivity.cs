using Microsoft.DurableTask;
using Serverless.Orchestrations.Ports;

namespace Serverless.Orchestrations.Market;

/// <summary>Asks the in-process market's instances for bids (one activity per auction round).</summary>
public sealed class InProcessBidActivity(InProcessMarket market) : TaskActivity<IReadOnlyList<UnitDemand>, IReadOnlyList<ComputeBid>>
{
    public override Task<IReadOnlyList<ComputeBid>> RunAsync(TaskActivityContext context, IReadOnlyList<UnitDemand> input) => market.BidAsync(input);
}
