using Microsoft.DurableTask;

namespace Serverless.Orchestrations.Market;

/// <summary>(Embedded engine only: not a Functions trigger.) Adds instances to a region of the in-process market.</summary>
internal sealed class InProcessAddInstancesActivity(InProcessMarket market) : TaskActivity<AddInstancesRequest, IReadOnlyList<string>>
{
    public override async Task<IReadOnlyList<string>> RunAsync(TaskActivityContext context, AddInstancesRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var added = new List<string>();
        for (var i = 0; i < input.Count; i++)
        {
            var t = input.Template;
            added.Add(await market.AddInstanceAsync(t.Region, t.MemoryMb, t.Slots, t.PricePerGbSecond).ConfigureAwait(false));
        }

        return added;
    }
}
