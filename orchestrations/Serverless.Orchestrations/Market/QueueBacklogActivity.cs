using Microsoft.DurableTask;
using Serverless.Orchestrations.Ports;

namespace Serverless.Orchestrations.Market;

/// <summary>Reads the backlog of each region's work queue for the autoscaler (orchestrators do no I/O).</summary>
public sealed class QueueBacklogActivity(IMessageBus bus) : TaskActivity<IReadOnlyList<string>, Dictionary<string, int>>
{
    public override Task<Dictionary<string, int>> RunAsync(TaskActivityContext context, IReadOnlyList<string> input) => QueueBacklog.ReadAsync(bus, input ?? []);
}
