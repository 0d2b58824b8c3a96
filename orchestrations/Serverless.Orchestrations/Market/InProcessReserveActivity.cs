using Microsoft.DurableTask;
using Serverless.Orchestrations.Ports;

namespace Serverless.Orchestrations.Market;

/// <summary>Reserves winning bids on the in-process market's instances.</summary>
public sealed class InProcessReserveActivity(InProcessMarket market) : TaskActivity<IReadOnlyList<BidToReserve>, IReadOnlyList<ComputeReservation?>>
{
    public override Task<IReadOnlyList<ComputeReservation?>> RunAsync(TaskActivityContext context, IReadOnlyList<BidToReserve> input) => market.ReserveAsync(input);
}
