using Microsoft.DurableTask;
using Serverless.Orchestrations.Ports;

namespace Serverless.Orchestrations.Market;

/// <summary>(Embedded engine only: not a Functions trigger.) Reserves winning bids on the in-process market's instances.</summary>
internal sealed class InProcessReserveActivity(InProcessMarket market) : TaskActivity<IReadOnlyList<BidToReserve>, IReadOnlyList<ComputeReservation?>>
{
    public override Task<IReadOnlyList<ComputeReservation?>> RunAsync(TaskActivityContext context, IReadOnlyList<BidToReserve> input) => market.ReserveAsync(input);
}
