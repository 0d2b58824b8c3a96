using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Serverless.Api.Adapters;
using Serverless.Api.Execution;
using Serverless.Api.Planning;
using Serverless.Orchestrations.Contracts;
using Serverless.Orchestrations.Ports;
using Serverless.Planning.Model;
using Serverless.Splitting.Model;
using ApiPlan = Serverless.Api.Planning.ExecutionPlan;
using ApiPlanCost = Serverless.Api.Planning.PlanCost;
using EnginePlan = Serverless.Orchestrations.Contracts.ExecutionPlan;

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
    private readonly CatalogueFunctionCatalog _catalog;
    private readonly IWorkerPoolHost _pools;
    private readonly PlanEnvironment _environment;
    private readonly ConcurrentDictionary<string, (ApiPlan Plan, EnginePlan Engine, int MemoryMb)> _plans = new(StringComparer.Ordinal);

    public EngineExecutionService(EngineHost host, CatalogueFunctionCatalog catalog, IWorkerPoolHost pools, PlanEnvironment environment)
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
        var plan = submission.Plan ?? throw new PlanningFailedException("the API must pass a plan to the embedded engine.");
        var id = $"x{Guid.NewGuid():N}";
        var memory = submission.Annotations?.ResourceConstraint?.MemoryMb ?? Serverless.Planning.Model.PlanRequest.DefaultMemoryMb;
        var timeout = submission.Annotations?.ResourceConstraint?.TimeoutSeconds ?? Serverless.Planning.Model.PlanRequest.DefaultTimeoutSeconds;
        var enginePlan = Build(id, graph, plan, submission.Arguments, memory, timeout);
        foreach (var region in plan.Units.Select(u => u.Region).Distinct(StringComparer.Ordinal))
        {
            await _pools.EnsureWorkerPoolAsync(region, cancellationToken).ConfigureAwait(false);
        }

        var engine = await _host.GetAsync(cancellationToken).ConfigureAwait(false);
        _plans[id] = (plan, enginePlan, memory);
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
        var function = known.Engine?.FunctionId ?? metadata.Name;
        var status = metadata.RuntimeStatus switch
        {
            OrchestrationRuntimeStatus.Pending => ExecutionStatuses.Pending,
            OrchestrationRuntimeStatus.Completed => ExecutionStatuses.Completed,
            OrchestrationRuntimeStatus.Failed => ExecutionStatuses.Failed,
            OrchestrationRuntimeStatus.Terminated => ExecutionStatuses.Canceled,
            _ => ExecutionStatuses.Running,
        };
        IReadOnlyList<UnitTimelineEntry> units = known.Plan?.Units.Select(u => new UnitTimelineEntry(u.Id, u.Segments, u.Region, null, 0, null, null)).ToList() ?? [];
        ApiPlanCost? cost = null;
        JsonElement? result = null;
        if (metadata.RuntimeStatus == OrchestrationRuntimeStatus.Completed && metadata.ReadOutputAs<ExecutionResult>() is { } output)
        {
            var runs = output.Units.ToDictionary(u => u.Id);
            units = [.. units.Select(u => runs.TryGetValue(u.Unit, out var r) ? new UnitTimelineEntry(u.Unit, r.Segments, r.Region, r.Instance, r.Attempts, r.StartedAt, r.EndedAt) : u)];
            result = output.Result;
            if (known.Engine is not null)
            {
                cost = MeasuredCost(known.Engine, output);
            }
        }

        var failure = ExecutionFailure.From(metadata);
        var error = failure is null ? null : new ExecutionError(failure.Type, failure.Message, null);
        return new ExecutionState(executionId, function, status, known.Plan, units, cost, result, error);
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

    /// <summary>The engine's plan for the API's units, through the shared <see cref="ExecutionPlanBuilder"/>.</summary>
    internal EnginePlan Build(string executionId, SplitGraph graph, ApiPlan plan, JsonElement arguments, int memoryMb, int timeoutSeconds)
    {
        var ordered = plan.Units.OrderBy(u => u.Id).ToList();
        if (!ordered.Select(u => u.Id).SequenceEqual(Enumerable.Range(0, ordered.Count)))
        {
            throw new PlanningFailedException("unit ids must be 0, 1, 2, … in topological order");
        }

        var function = new FunctionGraph(
            graph.Function,
            [.. graph.Segments.Select(s => new GraphSegment(s.Id, s.Reads, s.Writes, s.Work, s.StartLine, s.EndLine))],
            [.. graph.Edges.Select(e => new GraphEdge(e.From, e.To, e.Kind, e.Variables))],
            [.. graph.Parameters.Select(p => new GraphParameter(p.Name, p.Type))],
            graph.ReturnType);
        try
        {
            return ExecutionPlanBuilder.Build(
                executionId,
                function,
                [.. ordered.Select(u => new UnitPlacement(u.Segments, u.Region))],
                arguments.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal),
                memoryMb,
                timeoutSeconds,
                [.. _environment.Regions.Select(r => r.Name)]);
        }
        catch (ArgumentException ex)
        {
            throw new PlanningFailedException(ex.Message);
        }
    }

    /// <summary>The cost model's prices applied to what was measured (see <see cref="ExecutionPlanBuilder.MeasuredCost"/>).</summary>
    private ApiPlanCost MeasuredCost(EnginePlan plan, ExecutionResult output)
    {
        var cost = ExecutionPlanBuilder.MeasuredCost(plan, output, _environment);
        return new ApiPlanCost(cost.Compute, cost.Transfer, cost.Total);
    }
}
