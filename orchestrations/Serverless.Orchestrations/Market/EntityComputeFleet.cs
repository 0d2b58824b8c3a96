using Microsoft.DurableTask;

namespace Serverless.Orchestrations.Market;

/// <summary>
/// The autoscaler's fleet on Durable Functions: statuses read by entity calls, work-queue backlog read by
/// <see cref="QueueBacklogActivity"/>, instances added through the directory
/// entity and, when <c>provision</c> is on, the region's app deployed (or confirmed, idempotently) through
/// <see cref="Ports.IProvisioner"/> by <see cref="ProvisionRegionActivity"/> before instances are added there, and the
/// region's instance count set (<see cref="ScaleRegionActivity"/>) to its active instances after every add or retire.
/// </summary>
public sealed class EntityComputeFleet(bool provision = false) : IComputeFleet
{
    public async Task<FleetSnapshot> SnapshotAsync(TaskOrchestrationContext context, IReadOnlyList<InstanceTemplate> regions)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(regions);
        var now = new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero);
        var directory = await context.Entities.CallEntityAsync<Dictionary<string, List<string>>>(ComputeDirectory.Id, nameof(ComputeDirectory.List), regions.Select(r => r.Region).ToList());
        var shortage = await context.Entities.CallEntityAsync<Dictionary<string, int>>(ComputeDirectory.Id, nameof(ComputeDirectory.TakeShortage));
        var metrics = new List<RegionLoad>();
        foreach (var template in regions)
        {
            var instances = directory.GetValueOrDefault(template.Region, []);
            var statuses = await Task.WhenAll(instances.Select(i => context.Entities.CallEntityAsync<InstanceStatus>(ComputeInstance.Id(i), nameof(ComputeInstance.Status), now)));
            metrics.Add(FleetMetrics.ForRegion(template.Region, [.. instances.Zip(statuses)], shortage.GetValueOrDefault(template.Region)));
        }

        var backlog = await context.CallActivityAsync<Dictionary<string, int>>(nameof(QueueBacklogActivity), regions.Select(r => r.Region).ToList());
        return QueueBacklog.Apply(new FleetSnapshot(now, metrics), backlog);
    }

    public async Task<IReadOnlyList<string>> AddAsync(TaskOrchestrationContext context, InstanceTemplate template, int count)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(template);
        var now = new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero);
        if (provision)
        {
            await context.CallActivityAsync<bool>(nameof(ProvisionRegionActivity), template.Region);
        }

        var added = new List<string>();
        for (var i = 0; i < count; i++)
        {
            added.Add(await context.Entities.CallEntityAsync<string>(
                ComputeDirectory.Id,
                nameof(ComputeDirectory.Add),
                new InstanceConfiguration(template.Region, template.MemoryMb, template.Slots, template.PricePerGbSecond, now)));
        }

        if (provision)
        {
            await ScaleAsync(context, [template.Region]);
        }

        return added;
    }

    public async Task RetireAsync(TaskOrchestrationContext context, IReadOnlyList<string> instances)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(instances);
        foreach (var instance in instances)
        {
            await context.Entities.CallEntityAsync<bool>(ComputeDirectory.Id, nameof(ComputeDirectory.Remove), instance);
        }

        if (provision)
        {
            await ScaleAsync(context, ComputeDirectory.RegionsOf(instances));
        }
    }

    /// <summary>Sets each region's instance count to its active instances in the directory.</summary>
    private static async Task ScaleAsync(TaskOrchestrationContext context, IReadOnlyList<string> regions)
    {
        var directory = await context.Entities.CallEntityAsync<Dictionary<string, List<string>>>(ComputeDirectory.Id, nameof(ComputeDirectory.List), regions.ToList());
        foreach (var region in regions)
        {
            await context.CallActivityAsync<int>(nameof(ScaleRegionActivity), new RegionScaleRequest(region, directory.GetValueOrDefault(region, []).Count));
        }
    }
}
