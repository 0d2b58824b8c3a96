using Microsoft.DurableTask;

namespace Serverless.Orchestrations.Market;

/// <summary>(Embedded engine only: not a Functions trigger.) Reads the in-process market's metrics for the autoscaler.</summary>
internal sealed class InProcessSnapshotActivity(InProcessMarket market) : TaskActivity<IReadOnlyList<InstanceTemplate>, FleetSnapshot>
{
    public override Task<FleetSnapshot> RunAsync(TaskActivityContext context, IReadOnlyList<InstanceTemplate> input) => market.SnapshotAsync(input);
}
