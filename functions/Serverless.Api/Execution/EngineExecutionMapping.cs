using System.Text.Json;
using Microsoft.DurableTask.Client;
using Serverless.Api.Planning;
using Serverless.Contracts.Manifest;
using Serverless.Contracts.Plans;
using Serverless.Orchestrations.Contracts;
using Serverless.Orchestrations.Observability;
using Serverless.Planning.Model;
using ApiPlan = Serverless.Api.Planning.PlanPreview;
using ApiPlanCost = Serverless.Contracts.Plans.PlanCost;
using EnginePlan = Serverless.Contracts.Plans.ExecutionPlan;

namespace Serverless.Api.Execution;

/// <summary>
/// Between the API and the durable engine, for every <see cref="IExecutionService"/> over a Durable Task client (the
/// embedded engine's and the Functions app's): the API's plan as the engine's plan (through the shared
/// <see cref="ExecutionPlanBuilder"/>), and an orchestration instance as the API's execution state.
/// </summary>
public static class EngineExecutionMapping
{
    /// <summary>
    /// The engine's plan for a submission the API has planned: its units, arguments, and the memory and timeout of its
    /// effective annotations (else the planner's defaults). A submission without a plan is a <see cref="PlanningFailedException"/>.
    /// </summary>
    public static EnginePlan BuildPlan(PlanEnvironment environment, string executionId, SplitGraph graph, ExecutionSubmission submission)
    {
        ArgumentNullException.ThrowIfNull(submission);
        var plan = submission.Plan ?? throw new PlanningFailedException("the API must pass a plan to the engine.");
        var memory = submission.Annotations?.ResourceConstraint?.MemoryMb ?? PlanRequest.DefaultMemoryMb;
        var timeout = submission.Annotations?.ResourceConstraint?.TimeoutSeconds ?? PlanRequest.DefaultTimeoutSeconds;
        var built = BuildPlan(environment, executionId, graph, plan, submission.Arguments, memory, timeout);
        if (submission.MeasuredWorkMs is not { Count: > 0 } measured)
        {
            return built;
        }

        // A measured segment's work replaces its static estimate (as the planner took it).
        return built with
        {
            Units = [.. built.Units.Select(u => u with
            {
                EstimatedWorkMs = u.Segments.Sum(s => measured.TryGetValue(s, out var m) ? m : Math.Max(0, graph.Segments[s].Work)),
            })],
        };
    }

    /// <summary>
    /// The engine's plan for the API's units; a plan that does not fit the function is a <see cref="PlanningFailedException"/>.
    /// It carries the current span's trace context (the submit handler's plan span), so the execution joins its trace.
    /// </summary>
    public static EnginePlan BuildPlan(PlanEnvironment environment, string executionId, SplitGraph graph, ApiPlan plan, JsonElement arguments, int memoryMb, int timeoutSeconds)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(plan);
        var ordered = plan.Units.OrderBy(u => u.Id).ToList();
        if (!ordered.Select(u => u.Id).SequenceEqual(Enumerable.Range(0, ordered.Count)))
        {
            throw new PlanningFailedException("unit ids must be 0, 1, 2, … in topological order");
        }

        var function = FunctionGraph.FromManifest(graph, withAnnotations: false);
        try
        {
            return ExecutionPlanBuilder.Build(
                executionId,
                function,
                [.. ordered.Select(u => new UnitPlacement(u.Segments, u.Region))],
                arguments.ValueKind == JsonValueKind.Object ? arguments.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal) : null,
                memoryMb,
                timeoutSeconds,
                [.. environment.Regions.Select(r => r.Name)]) with { TraceParent = SplitterTelemetry.CurrentTraceParent() };
        }
        catch (ArgumentException ex)
        {
            throw new PlanningFailedException(ex.Message);
        }
    }

    /// <summary>
    /// The execution state of an orchestration instance: status, the API's plan (when known), the per-unit timeline
    /// (measured once the run completed), the measured cost by the cost model, and the result or the segment's error.
    /// </summary>
    public static ExecutionState ToState(string executionId, OrchestrationMetadata metadata, ApiPlan? plan, EnginePlan? engine, PlanEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var status = metadata.RuntimeStatus switch
        {
            OrchestrationRuntimeStatus.Pending => ExecutionStatuses.Pending,
            OrchestrationRuntimeStatus.Completed => ExecutionStatuses.Completed,
            OrchestrationRuntimeStatus.Failed => ExecutionStatuses.Failed,
            OrchestrationRuntimeStatus.Terminated => ExecutionStatuses.Canceled,
            _ => ExecutionStatuses.Running,
        };
        IReadOnlyList<UnitTimelineEntry> units = plan?.Units.Select(u => new UnitTimelineEntry(u.Id, u.Segments, u.Region, null, 0, null, null)).ToList() ?? [];
        ApiPlanCost? cost = null;
        JsonElement? result = null;
        if (metadata.RuntimeStatus == OrchestrationRuntimeStatus.Completed && metadata.ReadOutputAs<ExecutionResult>() is { } output)
        {
            var runs = output.Units.ToDictionary(u => u.Id);
            units = [.. units.Select(u => runs.TryGetValue(u.Unit, out var r) ? new UnitTimelineEntry(u.Unit, r.Segments, r.Region, r.Instance, r.Attempts, r.StartedAt, r.EndedAt) : u)];
            result = output.Result;
            if (engine is not null)
            {
                var measured = ExecutionPlanBuilder.MeasuredCost(engine, output, environment);
                cost = new ApiPlanCost(measured.Compute, measured.Transfer, measured.Total);
            }
        }

        var failure = ExecutionFailure.From(metadata);
        var error = failure is null ? null : new ExecutionError(failure.Type, failure.Message, null);
        return new ExecutionState(executionId, engine?.FunctionId ?? metadata.Name, status, plan, units, cost, result, error)
        {
            RuntimeStatus = RuntimeStatuses.From(metadata.RuntimeStatus),
            CreatedTime = metadata.CreatedAt == default ? null : metadata.CreatedAt,
            LastUpdatedTime = metadata.LastUpdatedAt == default ? null : metadata.LastUpdatedAt,
            CustomStatus = CustomStatus(metadata.SerializedCustomStatus),
        };
    }

    /// <summary>The orchestrator's custom status as JSON; null when it set none (or it is not JSON).</summary>
    private static JsonElement? CustomStatus(string? serialized)
    {
        if (string.IsNullOrEmpty(serialized))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(serialized);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
