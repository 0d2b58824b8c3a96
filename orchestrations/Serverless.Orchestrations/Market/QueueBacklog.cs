using Serverless.Contracts.Plans;
using Serverless.Orchestrations.Ports;

namespace Serverless.Orchestrations.Market;

/// <summary>The autoscaler's backlog signal: how many work items wait on each region's queue (<c>work-{region}</c>).</summary>
public static class QueueBacklog
{
    /// <summary>
    /// The approximate backlog of each region's work queue. A bus that cannot report lengths (a decorator that does
    /// not forward <see cref="IMessageBus.GetBacklogAsync"/>) counts as no backlog: utilisation and declined bids still drive scaling.
    /// </summary>
    public static async Task<Dictionary<string, int>> ReadAsync(IMessageBus bus, IEnumerable<string> regions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bus);
        ArgumentNullException.ThrowIfNull(regions);
        var backlog = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var region in regions.Distinct(StringComparer.Ordinal))
        {
            try
            {
                backlog[region] = (int)Math.Min(int.MaxValue, Math.Max(0, await bus.GetBacklogAsync(QueueNames.Work(region), cancellationToken).ConfigureAwait(false)));
            }
            catch (NotSupportedException)
            {
                backlog[region] = 0;
            }
        }

        return backlog;
    }

    /// <summary>The snapshot with each region's backlog filled in.</summary>
    public static FleetSnapshot Apply(FleetSnapshot snapshot, IReadOnlyDictionary<string, int> backlog)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(backlog);
        return snapshot with { Regions = [.. snapshot.Regions.Select(l => l with { Backlog = backlog.GetValueOrDefault(l.Region, l.Backlog) })] };
    }
}
