using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Orchestrations.Ports;

namespace Serverless.Orchestrations.Market;

/// <summary>
/// (Embedded engine only: not a Functions trigger.) Reads the in-process market's metrics for the autoscaler, with
/// the backlog of each region's work queue when the host registered an <see cref="IMessageBus"/>.
/// </summary>
internal sealed class InProcessSnapshotActivity(InProcessMarket market, IServiceProvider services) : TaskActivity<IReadOnlyList<InstanceTemplate>, FleetSnapshot>
{
    public override async Task<FleetSnapshot> RunAsync(TaskActivityContext context, IReadOnlyList<InstanceTemplate> input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var snapshot = await market.SnapshotAsync(input).ConfigureAwait(false);
        return services.GetService<IMessageBus>() is { } bus
            ? QueueBacklog.Apply(snapshot, await QueueBacklog.ReadAsync(bus, input.Select(t => t.Region)).ConfigureAwait(false))
            : snapshot;
    }
}
