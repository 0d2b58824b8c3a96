using Microsoft.DurableTask;
using Serverless.Orchestrations.Ports;

namespace Serverless.Orchestrations.Market;

/// <summary>Frees reservations on the in-process market's instances.</summary>
public sealed class InProcessReleaseActivity(InProcessMarket market) : TaskActivity<IReadOnlyList<ComputeReservation>, int>
{
    public override Task<int> RunAsync(TaskActivityContext context, IReadOnlyList<ComputeReservation> input) => market.ReleaseAsync(input);
}
