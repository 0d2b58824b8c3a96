using Microsoft.DurableTask;

namespace Serverless.Orchestrations.Market;

/// <summary>
/// The autoscaler's fleet on the embedded engine: <see cref="InProcessMarket"/> behind activities. When
/// <c>provision</c> is on, each region's instance count is set (<see cref="ScaleRegionActivity"/>, through the host's
/// <see cref="Ports.IProvisioner"/>) to its active instances after every add or retire, as <see cref="EntityComputeFleet"/> does.
/// </summary>
public sealed class InProcessComputeFleet(bool provision = false) : IComputeFleet
{
    /// <summary>Registers the activities this fleet calls (with <paramref name="provision"/>, also <see cref="ScaleRegionActivity"/>, which needs an <see cref="Ports.IProvisioner"/> service).</summary>
    public static void RegisterTasks(DurableTaskRegistry registry, bool provision = false)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddActivity<InProcessSnapshotActivity>();
        registry.AddActivity<InProcessAddInstancesActivity>();
        registry.AddActivity<InProcessRetireInstancesActivity>();
        if (provision)
        {
            registry.AddActivity<InProcessListInstancesActivity>();
            registry.AddActivity<ScaleRegionActivity>();
        }
    }

    public async Task<FleetSnapshot> SnapshotAsync(TaskOrchestrationContext context, IReadOnlyList<InstanceTemplate> regions)
    {
        ArgumentNullException.ThrowIfNull(context);
        return await context.CallActivityAsync<FleetSnapshot>(nameof(InProcessSnapshotActivity), regions);
    }

    public async Task<IReadOnlyList<string>> AddAsync(TaskOrchestrationContext context, InstanceTemplate template, int count)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(template);
        var added = await context.CallActivityAsync<IReadOnlyList<string>>(nameof(InProcessAddInstancesActivity), new AddInstancesRequest(template, count));
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
        await context.CallActivityAsync<int>(nameof(InProcessRetireInstancesActivity), instances);
        if (provision)
        {
            await ScaleAsync(context, ComputeDirectory.RegionsOf(instances));
        }
    }

    /// <summary>Sets each region's instance count to its active instances in the market.</summary>
    private static async Task ScaleAsync(TaskOrchestrationContext context, IReadOnlyList<string> regions)
    {
        var directory = await context.CallActivityAsync<Dictionary<string, List<string>>>(nameof(InProcessListInstancesActivity), regions);
        foreach (var region in regions)
        {
            await context.CallActivityAsync<int>(nameof(ScaleRegionActivity), new RegionScaleRequest(region, directory.GetValueOrDefault(region, []).Count));
        }
    }
}
