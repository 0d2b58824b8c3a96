using Microsoft.DurableTask;
using Serverless.Orchestrations.Ports;

namespace Serverless.Orchestrations.Market;

/// <summary>(Embedded engine only: not a Functions trigger.) Reports units no instance accepted to the in-process market's directory (read by the autoscaler).</summary>
internal sealed class InProcessShortageActivity(InProcessMarket market) : TaskActivity<IReadOnlyList<UnitDemand>, int>
{
    public override async Task<int> RunAsync(TaskActivityContext context, IReadOnlyList<UnitDemand> input)
    {
        ArgumentNullException.ThrowIfNull(input);
        await market.RecordShortageAsync(input).ConfigureAwait(false);
        return input.Count;
    }
}
