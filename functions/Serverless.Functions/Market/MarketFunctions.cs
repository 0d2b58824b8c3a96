using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serverless.Contracts.Plans;
using Serverless.Functions.Engine;
using Serverless.Orchestrations.Market;
using Serverless.Orchestrations.Ports;

namespace Serverless.Functions.Market;

/// <summary>
/// Thin triggers of the compute market on Durable Functions: the <see cref="ComputeInstance"/> and
/// <see cref="ComputeDirectory"/> entities, the autoscaler over <see cref="EntityComputeFleet"/>, and the activity
/// that deploys a region through <see cref="IProvisioner"/> before instances are added there (when one is registered).
/// The isolated worker has a Durable client only inside a trigger (a <c>[DurableClient]</c> binding), so the
/// autoscaler is started by a timer trigger that runs at app start (<c>RunOnStartup</c>) and every five minutes after:
/// it schedules the singleton instance when it is not running (<see cref="AutoscalerStarter"/>), on the orchestrator role.
/// </summary>
public sealed class MarketFunctions(IServiceProvider services)
{
    public const string EnsureAutoscalerName = "EnsureAutoscaler";

    [Function(EnsureAutoscalerName)]
    public Task EnsureAutoscaler(
        [TimerTrigger("0 */5 * * * *", RunOnStartup = true)] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        FunctionContext context)
        => EnsureAutoscalerAsync(client, context.CancellationToken);

    /// <summary>Schedules the autoscaler when this app runs the orchestrator role and none is running; true when it did.</summary>
    public async Task<bool> EnsureAutoscalerAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        var options = services.GetRequiredService<IOptions<ServerlessOptions>>().Value;
        if (!options.RunsOrchestrator)
        {
            return false;
        }

        var settings = services.GetService<IConfiguration>()?.GetSection(MarketSettings.Section).Get<MarketSettings>() ?? new MarketSettings();
        var input = settings.AutoscalerInput(services.GetService<PlanEnvironment>() ?? PlanEnvironment.Default);
        var started = await AutoscalerStarter.EnsureRunningAsync(client, input, cancellationToken).ConfigureAwait(false);
        if (started)
        {
            services.GetService<ILoggerFactory>()?.CreateLogger<MarketFunctions>().LogInformation(
                "Started the market autoscaler ({Instance}) for {Regions}", AutoscalerOrchestrator.InstanceId, string.Join(", ", input.Regions.Select(r => r.Region)));
        }

        return started;
    }

    [Function(nameof(ComputeInstance))]
    public Task ComputeInstanceEntity([EntityTrigger] TaskEntityDispatcher dispatcher)
        => dispatcher.DispatchAsync<ComputeInstance>();

    [Function(nameof(ComputeDirectory))]
    public Task ComputeDirectoryEntity([EntityTrigger] TaskEntityDispatcher dispatcher)
        => dispatcher.DispatchAsync<ComputeDirectory>();

    [Function(nameof(AutoscalerOrchestrator))]
    public Task<AutoscalerInput?> Autoscaler([OrchestrationTrigger] TaskOrchestrationContext context, AutoscalerInput input)
        => new AutoscalerOrchestrator(new EntityComputeFleet(provision: services.GetService<IProvisioner>() is not null)).RunAsync(context, input);

    /// <summary>The work-queue backlog of each region; a region whose length cannot be read is logged and left out (<see cref="LoggedQueueBacklog"/>).</summary>
    [Function(nameof(QueueBacklogActivity))]
    public Task<Dictionary<string, int>> QueueBacklog([ActivityTrigger] IReadOnlyList<string> regions, FunctionContext context)
        => ReadBacklogAsync(regions, context.CancellationToken);

    public Task<Dictionary<string, int>> ReadBacklogAsync(IReadOnlyList<string>? regions, CancellationToken cancellationToken)
        => LoggedQueueBacklog.ReadAsync(
            services.GetRequiredService<IMessageBus>(),
            regions ?? [],
            services.GetService<ILoggerFactory>()?.CreateLogger<MarketFunctions>() ?? (ILogger)Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance,
            cancellationToken);

    [Function(nameof(ScaleRegionActivity))]
    public Task<int> ScaleRegion([ActivityTrigger] RegionScaleRequest request, FunctionContext context)
        => ActivatorUtilities.CreateInstance<ScaleRegionActivity>(services).RunAsync(new Engine.FunctionActivityContext(context.FunctionDefinition.Name, context.InvocationId), request);

    [Function(nameof(ProvisionRegionActivity))]
    public Task<bool> ProvisionRegion([ActivityTrigger] string region, FunctionContext context)
        => ActivatorUtilities.CreateInstance<ProvisionRegionActivity>(services).RunAsync(new Engine.FunctionActivityContext(context.FunctionDefinition.Name, context.InvocationId), region);
}
