using System.Collections.Concurrent;
using Serverless.Api.Adapters;
using Serverless.Api.Execution;
using Serverless.Api.Planning;
using Serverless.Contracts.Plans;
using Serverless.Orchestrations.Ports;
using ApiPlan = Serverless.Api.Planning.PlanPreview;
using EnginePlan = Serverless.Contracts.Plans.ExecutionPlan;

namespace Serverless.Local.Serve;

/// <summary>
/// <see cref="IExecutionService"/> on the embedded engine: turns the API's plan (units of segments placed in regions)
/// into the engine's plan (dependencies, inputs and outputs of each unit from the manifest), makes sure each region's
/// worker pool runs, schedules <c>ExecutePlanOrchestrator</c>, and reports status, timeline, measured cost (the cost
/// model's prices applied to measured durations and sizes) and result or error.
/// </summary>
public sealed class EngineExecutionService : IExecutionService
{
    private readonly EngineHost _host;
    private readonly RegistryManifestCatalog _catalog;
    private readonly IWorkerPoolHost _pools;
    private readonly PlanEnvironment _environment;
    private readonly ConcurrentDictionary<string, (ApiPlan Plan, EnginePlan Engine)> _plans = new(StringComparer.Ordinal);

    public EngineExecutionService(EngineHost host, RegistryManifestCatalog catalog, IWorkerPoolHost pools, PlanEnvironment environment)
    {
        _host = host;
        _catalog = catalog;
        _pools = pools;
        _environment = environment;
    }

    public async Task<string> SubmitAsync(ExecutionSubmission submission, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(submission);
        var graph = _catalog.Find(submission.FunctionId) ?? throw new PlanningFailedException($"'{submission.FunctionId}' is not registered.");
        var id = $"x{Guid.NewGuid():N}";
        var enginePlan = EngineExecutionMapping.BuildPlan(_environment, id, graph, submission);
        var plan = submission.Plan!;
        foreach (var region in plan.Units.Select(u => u.Region).Distinct(StringComparer.Ordinal))
        {
            await _pools.EnsureWorkerPoolAsync(region, cancellationToken).ConfigureAwait(false);
        }

        var engine = await _host.GetAsync(cancellationToken).ConfigureAwait(false);
        _plans[id] = (plan, enginePlan);
        return await engine.ScheduleAsync(enginePlan, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ExecutionState?> GetAsync(string executionId, CancellationToken cancellationToken = default)
    {
        var engine = await _host.GetAsync(cancellationToken).ConfigureAwait(false);
        var metadata = await engine.Client.GetInstanceAsync(executionId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        if (metadata is null)
        {
            return null;
        }

        var known = _plans.TryGetValue(executionId, out var p) ? p : default;
        return EngineExecutionMapping.ToState(executionId, metadata, known.Plan, known.Engine, _environment);
    }

    public async Task<ExecutionState?> CancelAsync(string executionId, CancellationToken cancellationToken = default)
    {
        var engine = await _host.GetAsync(cancellationToken).ConfigureAwait(false);
        var state = await GetAsync(executionId, cancellationToken).ConfigureAwait(false);
        if (state is null || ExecutionStatuses.IsFinal(state.Status))
        {
            return state;
        }

        await engine.Client.TerminateInstanceAsync(executionId, "canceled through DELETE /api/execution/{id}", cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < 40 && state is { Status: not ExecutionStatuses.Canceled } && !ExecutionStatuses.IsFinal(state.Status); i++)
        {
            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
            state = await GetAsync(executionId, cancellationToken).ConfigureAwait(false);
        }

        return state;
    }
}
