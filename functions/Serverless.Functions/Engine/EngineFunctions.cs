using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Contracts.Plans;
using Serverless.Orchestrations.Activities;
using Serverless.Orchestrations.Contracts;
using Serverless.Orchestrations.Market;
using Serverless.Orchestrations.Orchestrators;

namespace Serverless.Functions.Engine;

/// <summary>
/// Thin triggers over the engine's orchestrators and activities (the same classes the embedded engine hosts):
/// each function creates the task class with its dependencies and delegates in one line. Units are auctioned on the
/// durable-entity market (<see cref="EntityComputeMarket"/>; its instances are kept by the autoscaler, see
/// <see cref="Market.MarketFunctions"/>).
/// </summary>
public sealed class EngineFunctions(IServiceProvider services)
{
    // Stateless between calls (its per-episode auction state is keyed by the orchestration context): one is enough.
    private static readonly EntityComputeMarket EntityMarket = new();

    [Function(nameof(ExecutePlanOrchestrator))]
    public Task<ExecutionResult?> ExecutePlan([OrchestrationTrigger] TaskOrchestrationContext context, ExecutionPlan plan)
        => new ExecutePlanOrchestrator(new TracingComputeMarket(EntityMarket)).RunAsync(context, plan);

    [Function(nameof(CleanupExecutionOrchestrator))]
    public Task<int> CleanupExecution([OrchestrationTrigger] TaskOrchestrationContext context, CleanupRequest request)
        => new CleanupExecutionOrchestrator().RunAsync(context, request);

    [Function(nameof(StoreArgumentsActivity))]
    public Task<int> StoreArguments([ActivityTrigger] StoreArgumentsRequest request, FunctionContext context)
        => Create<StoreArgumentsActivity>().RunAsync(Context(context), request);

    [Function(nameof(DispatchUnitsActivity))]
    public Task<int> DispatchUnits([ActivityTrigger] DispatchRequest request, FunctionContext context)
        => Create<DispatchUnitsActivity>().RunAsync(Context(context), request);

    [Function(nameof(ReadResultActivity))]
    public Task<System.Text.Json.JsonElement?> ReadResult([ActivityTrigger] ReadResultRequest request, FunctionContext context)
        => Create<ReadResultActivity>().RunAsync(Context(context), request);

    [Function(nameof(CleanupExecutionActivity))]
    public Task<int> CleanupExecutionState([ActivityTrigger] string executionId, FunctionContext context)
        => Create<CleanupExecutionActivity>().RunAsync(Context(context), executionId);

    [Function(nameof(RecordProfilesActivity))]
    public Task<int> RecordProfiles([ActivityTrigger] ProfileBatch batch, FunctionContext context)
        => Create<RecordProfilesActivity>().RunAsync(Context(context), batch);

    [Function(nameof(ReplanActivity))]
    public Task<ReplanResult> Replan([ActivityTrigger] ReplanRequest request, FunctionContext context)
        => Create<ReplanActivity>().RunAsync(Context(context), request);

    private T Create<T>() => ActivatorUtilities.CreateInstance<T>(services);

    private static FunctionActivityContext Context(FunctionContext context) => new(context.FunctionDefinition.Name, context.InvocationId);
}
