using Microsoft.DurableTask;
using Serverless.Orchestrations.Ports;

namespace Serverless.Orchestrations.Market;

/// <summary>(Embedded engine only: not a Functions trigger.) Asks the in-process market's instances for bids (one activity per auction round).</summary>
internal sealed class InProcessBidActivity(InProcessMarket market) : TaskActivity<IReadOnlyList<UnitDemand>, IReadOnlyList<VersionedBid>>
{
    public override Task<IReadOnlyList<VersionedBid>> RunAsync(TaskActivityContext context, IReadOnlyList<UnitDemand> input) => market.BidAsync(input);
}
