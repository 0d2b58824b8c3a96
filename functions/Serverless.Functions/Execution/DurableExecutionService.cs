using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using Serverless.Api.Catalog;
using Serverless.Api.Execution;
using Serverless.Api.Planning;
using Serverless.Contracts.Plans;
using Serverless.Functions.Engine;
using Serverless.Orchestrations.Contracts;
using Serverless.Orchestrations.Market;
using Serverless.Orchestrations.Orchestrators;
using Serverless.Orchestrations.Ports;
using ApiPlan = Serverless.Api.Planning.PlanPreview;
using ApiPlanCost = Serverless.Contracts.Plans.PlanCost;
using EnginePlan = Serverless.Contracts.Plans.ExecutionPlan;

namespace Serverless.Functions.Execution;

/// <summary>
/// <see cref="IExecutionService"/> on Azure Durable Functions: converts the API's plan into the engine's, keeps the
/// API's plan next to the execution's variables, schedules <c>ExecutePlanOrchestrator</c> (which stores the
/// arguments), and reports status, timeline, measured cost and result or error from the instance's metadata.
/// The client is the invocation's <c>[DurableClient]</c> binding (<see cref="DurableClientScope"/>).
/// </summary>
public sealed class DurableExecutionService : IExecutionService
{
    /// <summary>The state-store "unit" under which the API's plan of an execution is kept (cleanup removes it).</summary>
    public const string PlanUnit = "api";

    private const string PlanVariable = "$plan";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly IManifestCatalog _catalog;
    private readonly PlanEnvironment _environment;
    private readonly IStateStore _store;
    private readonly Func<DurableTaskClient?> _client;

    private readonly string _completionQueue;
    private readonly int _retentionSeconds;

    public DurableExecutionService(IManifestCatalog catalog, PlanEnvironment environment, IStateStore store, IOptions<ServerlessOptions> options)
        : this(catalog, environment, store, () => DurableClientScope.Current, options?.Value.CompletionQueue ?? QueueNames.Completions, (options?.Value.StateRetentionMinutes ?? 60) * 60)
    {
    }

    internal DurableExecutionService(IManifestCatalog catalog, PlanEnvironment environment, IStateStore store, Func<DurableTaskClient?> client, string completionQueue = QueueNames.Completions, int retentionSeconds = 3600)
    {
        _catalog = catalog;
        _environment = environment;
        _store = store;
        _client = client;
        _completionQueue = completionQueue;
        _retentionSeconds = retentionSeconds;
    }

    /// <summary>Seconds an execution's variables are kept after it ends (<c>Serverless__StateRetentionMinutes</c> × 60).</summary>
    internal int RetentionSeconds => _retentionSeconds;

    public async Task<string> SubmitAsync(ExecutionSubmission submission, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(submission);
        var client = Client();
        var graph = _catalog.Find(submission.FunctionId) ?? throw new PlanningFailedException($"'{submission.FunctionId}' is not registered.");
        var id = $"x{Guid.NewGuid():N}";
        var enginePlan = EngineExecutionMapping.BuildPlan(_environment, id, graph, submission);
        enginePlan = enginePlan with { Options = enginePlan.Options with { CompletionQueue = _completionQueue, RetentionSeconds = _retentionSeconds } };

        // The auction scores bids with the app's regions and network: transfers of inputs from where they are (sizes
        // measured at run time where known). The submission carries no objective, so finish time has no weight.
        enginePlan = ExecutionPlanBuilder.WithPricing(enginePlan, new AuctionPricing(_environment, 0));
        await _store.PutAsync(PlanKey(id), JsonSerializer.SerializeToUtf8Bytes(submission.Plan, Json), cancellationToken).ConfigureAwait(false);
        return await client.ScheduleNewOrchestrationInstanceAsync(
            nameof(ExecutePlanOrchestrator), enginePlan, new StartOrchestrationOptions { InstanceId = id }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ExecutionState?> GetAsync(string executionId, CancellationToken cancellationToken = default)
    {
        var metadata = await Client().GetInstanceAsync(executionId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        if (metadata is null)
        {
            return null;
        }

        var engine = ReadInput(metadata);
        var plan = await ReadPlanAsync(executionId, engine, cancellationToken).ConfigureAwait(false);
        return EngineExecutionMapping.ToState(executionId, metadata, plan, engine, _environment);
    }

    public async Task<ExecutionState?> CancelAsync(string executionId, CancellationToken cancellationToken = default)
    {
        var state = await GetAsync(executionId, cancellationToken).ConfigureAwait(false);
        if (state is null || ExecutionStatuses.IsFinal(state.Status))
        {
            return state;
        }

        await Client().TerminateInstanceAsync(executionId, "canceled through DELETE /api/execution/{id}", cancellationToken).ConfigureAwait(false);

        // Termination is asynchronous on the durable backend: give it a moment, as the embedded engine's service does.
        state = await GetAsync(executionId, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < 20 && state is { Status: not ExecutionStatuses.Canceled } && !ExecutionStatuses.IsFinal(state.Status); i++)
        {
            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            state = await GetAsync(executionId, cancellationToken).ConfigureAwait(false);
        }

        return state;
    }

    private static StateKey PlanKey(string executionId) => new(executionId, PlanVariable, PlanUnit);

    private static EnginePlan? ReadInput(OrchestrationMetadata metadata)
    {
        try
        {
            return metadata.ReadInputAs<EnginePlan>();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The API's plan as submitted; after cleanup, the units of the engine's plan (the planner's figures are gone).</summary>
    private async Task<ApiPlan?> ReadPlanAsync(string executionId, EnginePlan? engine, CancellationToken cancellationToken)
    {
        if (await _store.TryGetAsync(PlanKey(executionId), cancellationToken).ConfigureAwait(false) is { } stored)
        {
            return JsonSerializer.Deserialize<ApiPlan>(stored.Span, Json);
        }

        return engine is null
            ? null
            : new ApiPlan("submitted", [.. engine.Units.Select(u => new Serverless.Api.Planning.PreviewUnit(u.Id, u.Segments, u.Region))], new ApiPlanCost(0, 0, 0), 0, 0);
    }

    private DurableTaskClient Client() => _client()
        ?? throw new InvalidOperationException("No Durable Functions client is bound to this invocation: the HTTP trigger must take a [DurableClient] DurableTaskClient and run its handler inside DurableClientScope.RunAsync.");
}
