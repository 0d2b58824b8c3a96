using Microsoft.DurableTask;

namespace Serverless.Orchestrations.Market;

/// <summary>(Embedded engine only: not a Functions trigger.) One auction round on the in-process market: release, bid, hold the expected winners.</summary>
internal sealed class InProcessAuctionActivity(InProcessMarket market) : TaskActivity<AuctionRound, AuctionRoundResult>
{
    public override Task<AuctionRoundResult> RunAsync(TaskActivityContext context, AuctionRound input) => market.AuctionAsync(input);
}
