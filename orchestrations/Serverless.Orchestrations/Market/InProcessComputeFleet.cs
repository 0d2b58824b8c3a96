using Microsoft.DurableTask;

namespace Serverless.Orchestrations.Market;

/// <summary>The autoscaler's fleet on the embedded engine: <see cref="InProcessMarket"/> behind activities.</summary>
public sealed class InProcessComputeFleet : IComputeFleet
{
    /// <summary>Registers the activities this fleet calls.</summary>
    public static void RegisterTasks(DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddActivity<InProcessSnapshotActivity>();
        registry.AddActivity<InProcessAddInstancesActivity>();
        registry.AddActivity<InProcessRetireInstancesActivity>();
    }

    public async Task<FleetSnapshot> SnapshotAsync(TaskOrchestrationContext context, IReadOnlyList<InstanceTemplate> regions)
    {
        ArgumentNullException.ThrowIfNull(context);
        return await context.CallActivityAsync<FleetSnapshot>(nameof(InProcessSnapshotActivity), regions);
    }

    public async Task<IReadOnlyList<string>> AddAsync(TaskOrchestrationContext context, InstanceTemplate template, int count)
    {
        ArgumentNullException.ThrowIfNull(context);
        return await context.CallActivityAsync<IReadOnlyList<string>>(nameof(InProcessAddInstancesActivity), new AddInstancesRequest(template, count));
    }

    public Task RetireAsync(TaskOrchestrationContext context, IReadOnlyList<string> instances)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.CallActivityAsync<int>(nameof(InProcessRetireInstancesActivity), instances);
    }
}
