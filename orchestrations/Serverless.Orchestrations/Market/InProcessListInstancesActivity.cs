using Microsoft.DurableTask;

namespace Serverless.Orchestrations.Market;

/// <summary>(Embedded engine only: not a Functions trigger.) The active instances of the in-process market per region.</summary>
internal sealed class InProcessListInstancesActivity(InProcessMarket market) : TaskActivity<IReadOnlyList<string>, Dictionary<string, List<string>>>
{
    public override Task<Dictionary<string, List<string>>> RunAsync(TaskActivityContext context, IReadOnlyList<string> input) => market.ListAsync(input ?? []);
}
