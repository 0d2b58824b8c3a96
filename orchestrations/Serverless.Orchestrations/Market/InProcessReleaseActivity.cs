using Microsoft.DurableTask;
using Serverless.Orchestrations.Ports;

namespace Serverless.Orchestrations.Market;

/// <summary>(Embedded engine only: not a Functions trigger.) Frees reservations on the in-process market's instances.</summary>
internal sealed class InProcessReleaseActivity(InProcessMarket market) : TaskActivity<IReadOnlyList<ComputeReservation>, int>
{
    public override Task<int> RunAsync(TaskActivityContext context, IReadOnlyList<ComputeReservation> input) => market.ReleaseAsync(input);
}
