using Microsoft.DurableTask;

namespace Serverless.Orchestrations.Market;

/// <summary>(Embedded engine only: not a Functions trigger.) Retires instances of the in-process market (no new work; reserved work finishes).</summary>
internal sealed class InProcessRetireInstancesActivity(InProcessMarket market) : TaskActivity<IReadOnlyList<string>, int>
{
    public override async Task<int> RunAsync(TaskActivityContext context, IReadOnlyList<string> input)
    {
        ArgumentNullException.ThrowIfNull(input);
        foreach (var instance in input)
        {
            await market.RetireInstanceAsync(instance).ConfigureAwait(false);
        }

        return input.Count;
    }
}
