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
using EngineUnit = Serverless.Orchestrations.Contracts.PlanUnit;

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
                cost = MeasuredCost(known.Engine, known.MemoryMb, output);
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

    /// <summary>The engine's plan for the API's units: dependencies, inputs and outputs from the manifest's edges.</summary>
    internal EnginePlan Build(string executionId, SplitGraph graph, ApiPlan plan, JsonElement arguments, int memoryMb, int timeoutSeconds)
    {
        var ordered = plan.Units.OrderBy(u => u.Id).ToList();
        if (!ordered.Select(u => u.Id).SequenceEqual(Enumerable.Range(0, ordered.Count)))
        {
            throw new PlanningFailedException("unit ids must be 0, 1, 2, … in topological order");
        }

        var unitOf = new Dictionary<int, int>();
        foreach (var unit in ordered)
        {
            foreach (var segment in unit.Segments)
            {
                unitOf[segment] = unit.Id;
            }
        }

        var parameters = graph.Parameters.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var regions = _environment.Regions.Select(r => r.Name).ToList();
        var units = new List<EngineUnit>();
        foreach (var unit in ordered)
        {
            var mine = unit.Segments.ToHashSet();
            var depends = new SortedSet<int>();
            var control = new SortedSet<int>();
            var inputs = new List<UnitInput>();
            var outputs = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var edge in graph.Edges)
            {
                if (mine.Contains(edge.From) && !mine.Contains(edge.To) && edge.Kind == EdgeKinds.Data)
                {
                    outputs.UnionWith(edge.Variables);
                }

                if (!mine.Contains(edge.To) || mine.Contains(edge.From))
                {
                    continue;
                }

                var from = unitOf[edge.From];
                if (from >= unit.Id)
                {
                    throw new PlanningFailedException($"unit {unit.Id} depends on unit {from}: units must be numbered in topological order");
                }

                _ = edge.Kind == EdgeKinds.Control ? control.Add(from) : depends.Add(from);
                if (edge.Kind == EdgeKinds.Data)
                {
                    inputs.AddRange(edge.Variables.Select(v => new UnitInput(v, from)));
                }
            }

            // Parameters read before any segment writes them arrive as arguments.
            foreach (var segment in unit.Segments.Order())
            {
                foreach (var v in graph.Segments[segment].Reads.Where(parameters.Contains))
                {
                    var producedInside = graph.Edges.Any(e => e.To == segment && e.Kind == EdgeKinds.Data && e.Variables.Contains(v));
                    var writtenEarlier = unit.Segments.Any(s => s < segment && graph.Segments[s].Writes.Contains(v));
                    if (!producedInside && !writtenEarlier)
                    {
                        inputs.Add(new UnitInput(v, null));
                    }
                }
            }

            units.Add(new EngineUnit
            {
                Id = unit.Id,
                Segments = [.. unit.Segments.Order()],
                Region = unit.Region,
                DependsOn = [.. depends],
                ControlDependsOn = [.. control.Except(depends)],
                Inputs = [.. inputs.Distinct()],
                Outputs = [.. outputs],
                MemoryMb = memoryMb,
                TimeoutSeconds = timeoutSeconds,
                FallbackRegions = [.. regions.Where(r => r != unit.Region && ordered.Any(u => u.Region == r))],
            });
        }

        return new EnginePlan
        {
            ExecutionId = executionId,
            FunctionId = graph.Function,
            Units = units,
            Arguments = arguments.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal),
        };
    }

    /// <summary>The cost model's prices applied to what was measured: durations, output sizes, argument and result sizes.</summary>
    private ApiPlanCost MeasuredCost(EnginePlan plan, int memoryMb, ExecutionResult output)
    {
        var regions = _environment.Regions.ToDictionary(r => r.Name, StringComparer.Ordinal);
        var runs = output.Units.ToDictionary(u => u.Id);
        double compute = 0, transfer = 0;
        foreach (var run in output.Units)
        {
            if (regions.TryGetValue(run.Region, out var spec))
            {
                compute += (spec.PricePerGbSecond * memoryMb / 1024.0 * run.DurationMs / 1000.0) + spec.PricePerInvocation;
            }
        }

        foreach (var unit in plan.Units)
        {
            if (!runs.TryGetValue(unit.Id, out var consumer))
            {
                continue;
            }

            foreach (var input in unit.Inputs)
            {
                if (input.ProducerUnit is { } p && runs.TryGetValue(p, out var producer) && producer.OutputBytes.TryGetValue(input.Variable, out var bytes))
                {
                    transfer += bytes / 1e9 * Egress(producer.Region, consumer.Region);
                }
                else if (input.ProducerUnit is null && plan.Arguments?.TryGetValue(input.Variable, out var argument) == true)
                {
                    transfer += argument.GetRawText().Length / 1e9 * Egress(_environment.Origin, consumer.Region);
                }
            }
        }

        if (output.ReturnedBy is { } returner && runs.TryGetValue(returner, out var last) && output.Result is { } value)
        {
            transfer += value.GetRawText().Length / 1e9 * Egress(last.Region, _environment.Origin);
        }

        return new ApiPlanCost(compute, transfer, compute + transfer);
    }

    private double Egress(string from, string to)
    {
        if (from == to)
        {
            return 0;
        }

        var map = _environment.Network.EgressPricePerGb;
        return map.TryGetValue(from, out var row) && row.TryGetValue(to, out var price) ? price
            : map.TryGetValue(to, out var back) && back.TryGetValue(from, out var reverse) ? reverse
            : 0;
    }
}
