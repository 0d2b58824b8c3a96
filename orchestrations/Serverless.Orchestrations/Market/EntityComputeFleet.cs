using Microsoft.DurableTask;

namespace Serverless.Orchestrations.Market;

/// <summary>
/// The autoscaler's fleet on Durable Functions: statuses read by entity calls, instances added through the directory
/// entity and, when a region gets its first instance, the region's app deployed (or confirmed) through
/// <see cref="Ports.IProvisioner"/> by <see cref="ProvisionRegionActivity"/>.
/// </summary>
public sealed class EntityComputeFleet : IComputeFleet
{
    public async Task<FleetSnapshot> SnapshotAsync(TaskOrchestrationContext context, IReadOnlyList<InstanceTemplate> regions)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(regions);
        var now = new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero);
        var directory = await context.Entities.CallEntityAsync<Dictionary<string, List<string>>>(ComputeDirectory.Id, nameof(ComputeDirectory.List), regions.Select(r => r.Region).ToList());
        var shortage = await context.Entities.CallEntityAsync<Dictionary<string, int>>(ComputeDirectory.Id, nameof(ComputeDirectory.TakeShortage));
        var metrics = new List<Planning.Market.RegionMetrics>();
        foreach (var template in regions)
        {
            var instances = directory.GetValueOrDefault(template.Region, []);
            var statuses = await Task.WhenAll(instances.Select(i => context.Entities.CallEntityAsync<InstanceStatus>(ComputeInstance.Id(i), nameof(ComputeInstance.Status), now)));
            metrics.Add(FleetMetrics.ForRegion(template, [.. instances.Zip(statuses)], shortage.GetValueOrDefault(template.Region)));
        }

        return new FleetSnapshot(now, metrics);
    }

    public async Task<IReadOnlyList<string>> AddAsync(TaskOrchestrationContext context, InstanceTemplate template, int count)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(template);
        var now = new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero);
        await context.CallActivityAsync<bool>(nameof(ProvisionRegionActivity), template.Region);
        var added = new List<string>();
        for (var i = 0; i < count; i++)
        {
            added.Add(await context.Entities.CallEntityAsync<string>(
                ComputeDirectory.Id,
                nameof(ComputeDirectory.Add),
                new InstanceConfiguration(template.Region, template.MemoryMb, template.Slots, template.PricePerGbSecond, now)));
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
    }
}
