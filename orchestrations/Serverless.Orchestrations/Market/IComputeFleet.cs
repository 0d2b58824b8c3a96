using Microsoft.DurableTask;

namespace Serverless.Orchestrations.Market;

/// <summary>
/// What the autoscaler acts on, called from its orchestrator (I/O only through the context): a metrics snapshot of
/// the market, adding instances to a region, retiring instances.
/// </summary>
public interface IComputeFleet
{
    Task<FleetSnapshot> SnapshotAsync(TaskOrchestrationContext context, IReadOnlyList<InstanceTemplate> regions);

    Task<IReadOnlyList<string>> AddAsync(TaskOrchestrationContext context, InstanceTemplate template, int count);

    Task RetireAsync(TaskOrchestrationContext context, IReadOnlyList<string> instances);
}
