using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Orchestrations.Market;
using Serverless.Orchestrations.Ports;

namespace Serverless.Functions.Market;

/// <summary>
/// Thin triggers of the compute market on Durable Functions: the <see cref="ComputeInstance"/> and
/// <see cref="ComputeDirectory"/> entities, the autoscaler over <see cref="EntityComputeFleet"/>, and the activity
/// that deploys a region through <see cref="IProvisioner"/> before instances are added there (when one is registered).
/// </summary>
public sealed class MarketFunctions(IServiceProvider services)
{
    [Function(nameof(ComputeInstance))]
    public Task ComputeInstanceEntity([EntityTrigger] TaskEntityDispatcher dispatcher)
        => dispatcher.DispatchAsync<ComputeInstance>();

    [Function(nameof(ComputeDirectory))]
    public Task ComputeDirectoryEntity([EntityTrigger] TaskEntityDispatcher dispatcher)
        => dispatcher.DispatchAsync<ComputeDirectory>();

    [Function(nameof(AutoscalerOrchestrator))]
    public Task<AutoscalerInput?> Autoscaler([OrchestrationTrigger] TaskOrchestrationContext context, AutoscalerInput input)
        => new AutoscalerOrchestrator(new EntityComputeFleet(provision: services.GetService<IProvisioner>() is not null)).RunAsync(context, input);

    [Function(nameof(ProvisionRegionActivity))]
    public Task<bool> ProvisionRegion([ActivityTrigger] string region, FunctionContext context)
        => ActivatorUtilities.CreateInstance<ProvisionRegionActivity>(services).RunAsync(new Engine.FunctionActivityContext(context.FunctionDefinition.Name, context.InvocationId), region);
}
