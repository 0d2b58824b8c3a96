using System.Text;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Serverless.Contracts.Plans;
using Serverless.Local.Backends;
using Serverless.Local.Engine;
using Serverless.Orchestrations.Contracts;
using Serverless.Orchestrations.Observability;
using Serverless.Orchestrations.Runtime;
using Serverless.Planning;
using Serverless.Planning.Model;

namespace Serverless.Local.Commands;

/// <summary>
/// `serverless run` on the engine (in memory, or durable on Azure Storage with `--storage`): choose units and their regions (every/one round the regions, or the
/// planner's plan over all of them), translate with <see cref="ExecutionPlanBuilder"/>, schedule
/// <c>ExecutePlanOrchestrator</c> with one worker per region running the generated segment executors, wait, and
/// print each unit's region, instance, attempts and times plus the measured cost.
/// </summary>
public static class EngineFunctionRunner
{
    public static async Task<LocalRunOutput> RunAsync(SplitFunctionRegistry catalogue, LocalRunOptions options, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(stderr);
        var environment = options.RegionsFile is { } file ? RegionsFile.Load(file) : PlanEnvironment.Default;
        var (entry, bound) = LocalFunctionRunner.Bind(catalogue, options.FunctionId, options.ArgumentsJson);

        var plan = await PlanAsync(entry, bound, options.Units, environment, stderr).ConfigureAwait(false);

        // Queues of this run only (work-{region}, completions): another run on the same account must not take its
        // messages. Execution ids already keep the runs' state apart in the shared table.
        StorageSession? storage = null;
        if (options.Storage is { } option)
        {
            storage = await option.OpenAsync(cancellationToken).ConfigureAwait(false);
        }

        await using var storageScope = storage;
        var engineOptions = new EmbeddedEngineOptions { Regions = [.. plan.Units.Select(u => u.Region).Distinct(StringComparer.Ordinal)] };
        await using var engine = await RunEngines.StartAsync(new GeneratedSegmentRunner(catalogue), engineOptions, storage, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (storage is not null)
        {
            await stderr.WriteLineAsync($"serverless run: durable engine: {engine.Description}; state and bus on Azure Storage: {storage.Description} (Table state store, Storage Queue bus).").ConfigureAwait(false);
        }

        var planned = Planned(entry, plan, environment, out var unpriced);
        if (unpriced is not null)
        {
            await stderr.WriteLineAsync($"serverless run: the cost model cannot price these units ({unpriced}); the report has no 'planned' or 'measured'.").ConfigureAwait(false);
        }

        var started = DateTimeOffset.UtcNow;
        var outcome = await engine.RunAsync(plan, cancellationToken).ConfigureAwait(false);
        if (outcome.Status == OrchestrationRuntimeStatus.Completed && outcome.Result is { } result)
        {
            var cost = ExecutionPlanBuilder.MeasuredCost(plan, result, environment);
            return new LocalRunOutput(Render(entry.Id, plan, result, started, result.Result, null, cost, planned), ExitCodes.Ok);
        }

        var error = outcome.Error ?? new UnitError("System.InvalidOperationException", $"the execution ended {outcome.Status} without an error");
        return new LocalRunOutput(Render(entry.Id, plan, null, started, null, error, null, planned), ExitCodes.FunctionFailed);
    }

    /// <summary>
    /// What the cost model predicts for the units and regions the engine is given (the planner's plan, or the `every`
    /// and `one` placements), by the same model the planner optimises; null when the model cannot price it (then the
    /// report has no "planned").
    /// </summary>
    internal static (Plan Plan, double LatencyWeight)? Planned(RegisteredFunction entry, ExecutionPlan plan, PlanEnvironment environment, out string? why)
    {
        why = null;
        var graph = EngineGraphs.For(entry);
        var request = WithoutUnfitPreference(new PlanRequest(graph, MemoryMb: plan.Units.FirstOrDefault()?.MemoryMb, TimeoutSeconds: plan.Units.FirstOrDefault()?.TimeoutSeconds).WithEnvironment(environment), out _);
        try
        {
            var evaluated = CostModel.Evaluate(request, [.. plan.Units.Select(u => ((IReadOnlyList<int>)u.Segments, u.Region))]).Plan;
            return (evaluated, request.Objective?.LatencyWeight ?? 0);
        }
        catch (PlanningException ex)
        {
            why = ex.Message;
            return null;
        }
    }

    /// <summary>
    /// The engine's plan for one call, under a <c>plan</c> span that ends before the execution starts: the plan carries
    /// that span's trace context, so the auction, dispatch, unit and completion spans of every region join its trace.
    /// </summary>
    public static async Task<ExecutionPlan> PlanAsync(RegisteredFunction entry, IReadOnlyDictionary<string, ReadOnlyMemory<byte>> arguments, string units, PlanEnvironment environment, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(environment);
        using var span = SplitterTelemetry.StartPlan(entry.Id);
        var graph = EngineGraphs.For(entry);
        var placements = await ChoosePlacementsAsync(entry, graph, units, environment, stderr).ConfigureAwait(false);
        var memory = graph.Annotations?.ResourceConstraint?.MemoryMb ?? PlanRequest.DefaultMemoryMb;
        var timeout = graph.Annotations?.ResourceConstraint?.TimeoutSeconds ?? PlanRequest.DefaultTimeoutSeconds;
        var values = arguments.ToDictionary(a => a.Key, a => JsonDocument.Parse(a.Value).RootElement.Clone(), StringComparer.Ordinal);
        var executionId = "run" + Guid.NewGuid().ToString("N");
        var plan = ExecutionPlanBuilder.Build(executionId, graph, placements, values, memory, timeout, [.. environment.Regions.Select(r => r.Name)]);
        span?.SetTag("splitter.execution", executionId).SetTag("splitter.units", plan.Units.Count).SetTag("splitter.placement", units)
            .SetTag("splitter.regions", string.Join(",", plan.Units.Select(u => u.Region).Distinct(StringComparer.Ordinal)));
        return plan with { TraceParent = SplitterTelemetry.CurrentTraceParent() };
    }

    /// <summary>
    /// `every`: one unit per segment, placed round the regions in order; `one`: all segments at the origin (or the
    /// first region); `plan`: the planner's plan over all the regions.
    /// </summary>
    public static async Task<IReadOnlyList<UnitPlacement>> ChoosePlacementsAsync(RegisteredFunction entry, FunctionGraph graph, string kind, PlanEnvironment environment, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(stderr);
        var names = environment.Regions.Select(r => r.Name).ToList();
        var home = names.Contains(environment.Origin, StringComparer.Ordinal) ? environment.Origin : names[0];
        var n = graph.Segments.Count;
        var units = await LocalFunctionRunner.ChooseUnitsAsync(entry, kind == "plan" ? "one" : kind, stderr).ConfigureAwait(false);
        if (kind == "every" && units.Count > 1)
        {
            return [.. units.Select((u, i) => new UnitPlacement(u, names[i % names.Count]))];
        }

        if (kind != "plan" || !entry.IsSplittable || n <= 1)
        {
            return [.. units.Select(u => new UnitPlacement(u, home))];
        }

        var request = new PlanRequest(graph, MemoryMb: graph.Annotations?.ResourceConstraint?.MemoryMb, TimeoutSeconds: graph.Annotations?.ResourceConstraint?.TimeoutSeconds).WithEnvironment(environment);
        request = WithoutUnfitPreference(request, out var unfit);
        if (unfit is not null)
        {
            await stderr.WriteLineAsync($"serverless run: the function's geographic preference does not fit --regions ({unfit}); planning without it.").ConfigureAwait(false);
        }

        try
        {
            var plan = Planner.Plan(request);
            return [.. plan.Units.OrderBy(u => u.Id).Select(u => new UnitPlacement([.. u.Segments.Order()], u.Region))];
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The plan only chooses grouping and places; any valid grouping gives the same result.
            var why = ex is PlanningException ? ex.Message : $"planner failure {ex.GetType().Name}: {ex.Message}";
            await stderr.WriteLineAsync($"serverless run: no plan over the regions ({why}); running as one unit in {home}.").ConfigureAwait(false);
            return [new UnitPlacement([.. Enumerable.Range(0, n)], home)];
        }
    }

    /// <summary>The request without the function's geographic preference when that names regions the environment lacks
    /// (and nothing else is wrong); <paramref name="unfit"/> then says why.</summary>
    private static PlanRequest WithoutUnfitPreference(PlanRequest request, out string? unfit)
    {
        unfit = null;
        var errors = PlanRequestValidator.Validate(request);
        if (errors.Count == 0 || !errors.All(e => e.Field.Contains("geoPreference", StringComparison.Ordinal)))
        {
            return request;
        }

        unfit = string.Join("; ", errors);
        var graph = request.Graph;
        return request with { Graph = graph with { Annotations = graph.Annotations is null ? null : graph.Annotations with { GeoPreference = null } } };
    }

    private static string Render(string function, ExecutionPlan plan, ExecutionResult? result, DateTimeOffset started, JsonElement? value, UnitError? error, PlanCost? cost, (Plan Plan, double LatencyWeight)? prediction)
    {
        var runs = result?.Units.ToDictionary(u => u.Id) ?? [];
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("function", function);
            w.WriteString("mode", "split");
            w.WriteStartArray("units");
            foreach (var unit in plan.Units)
            {
                w.WriteStartObject();
                w.WriteNumber("id", unit.Id);
                w.WriteStartArray("segments");
                foreach (var s in unit.Segments)
                {
                    w.WriteNumberValue(s);
                }

                w.WriteEndArray();
                w.WriteString("plannedRegion", unit.Region);
                if (runs.TryGetValue(unit.Id, out var run))
                {
                    w.WriteString("region", run.Region);
                    w.WriteString("instance", run.Instance);
                    w.WriteNumber("attempts", run.Attempts);
                    w.WriteNumber("startMs", Math.Round(Math.Max(0, (run.StartedAt - started).TotalMilliseconds), 3));
                    w.WriteNumber("endMs", Math.Round(Math.Max(0, (run.EndedAt - started).TotalMilliseconds), 3));
                }
                else
                {
                    // Not run: skipped after an earlier unit returned, or the execution failed first.
                    w.WriteString("region", unit.Region);
                    w.WriteNull("instance");
                    w.WriteNumber("attempts", 0);
                    w.WriteNull("startMs");
                    w.WriteNull("endMs");
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            ReplanJson.Write(w, result?.Replans, started);
            if (error is not null)
            {
                w.WriteStartObject("error");
                w.WriteString("type", error.Type);
                w.WriteString("message", error.Message);
                w.WriteEndObject();
            }
            else
            {
                w.WritePropertyName("result");
                if (value is { } v)
                {
                    v.WriteTo(w);
                }
                else
                {
                    w.WriteNullValue();
                }
            }

            if (cost is not null)
            {
                w.WriteStartObject("cost");
                w.WriteNumber("compute", cost.Compute);
                w.WriteNumber("transfer", cost.Transfer);
                w.WriteNumber("total", cost.Total);
                w.WriteEndObject();
            }

            // The prediction beside what ran: makespan (ms from the start of the execution to its last unit's end),
            // cost (the cost model over measured durations and sizes) and objective (cost + latency weight × makespan
            // in seconds + the placement's preference penalty), as the planner scores plans.
            if (prediction is { } predicted)
            {
                var (planned, latencyWeight) = predicted;
                WriteFigures(w, "planned", planned.MakespanMs, planned.Cost.Total, planned.Objective);
                if (cost is not null && result is not null && result.Units.Count > 0)
                {
                    var makespan = Math.Max(0, (result.Units.Max(u => u.EndedAt) - started).TotalMilliseconds);
                    WriteFigures(w, "measured", makespan, cost.Total, cost.Total + (latencyWeight * makespan / 1000.0) + planned.Penalty);
                }
            }

            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteFigures(Utf8JsonWriter w, string name, double makespanMs, double cost, double objective)
    {
        w.WriteStartObject(name);
        w.WriteNumber("makespanMs", Math.Round(makespanMs, 3));
        w.WriteNumber("cost", cost);
        w.WriteNumber("objective", objective);
        w.WriteEndObject();
    }
}
