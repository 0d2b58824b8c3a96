using System.Text.Json;
using Serverless.Contracts.Manifest;
using Serverless.Contracts.Plans;
using Serverless.Local.Engine;
using Serverless.Orchestrations.Contracts;
using Serverless.Orchestrations.Market;
using Serverless.Orchestrations.Observability;
using Serverless.Orchestrations.Ports;
using Serverless.Orchestrations.Profiles;
using Serverless.Orchestrations.Runtime;
using Serverless.Planning;
using Serverless.Planning.Model;

namespace Serverless.Hosting.Interception;

/// <summary>
/// Plans one intercepted call: the function's compile-time annotations overlaid by its run-time overrides (read from
/// the <see cref="IAnnotationStore"/> at every call, so an update applies to the next call), the planner over the
/// environment, and the engine's plan of the chosen units with the call's arguments.
/// </summary>
public sealed class SplitCallPlanner
{
    /// <summary>Penalty per unit outside a non-strict geo preference (currency units), as the HTTP API plans with.</summary>
    public const double PreferencePenalty = 0.0001;

    private readonly IAnnotationStore _annotations;
    private readonly PlanEnvironment _environment;
    private readonly ProfileStore _profiles;
    private readonly PlanObjective? _objective;

    public SplitCallPlanner(IAnnotationStore annotations, PlanEnvironment environment, IStateStore store, SplitterOptions options)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        _annotations = annotations ?? throw new ArgumentNullException(nameof(annotations));
        _environment = environment ?? throw new ArgumentNullException(nameof(environment));
        _profiles = new ProfileStore(store);
        _objective = options.Objective;
    }

    /// <summary>The annotations a call runs under: the attributes overlaid by the overrides.</summary>
    public static (bool Splitable, GeoPreferenceSpec? Geo, ResourceConstraintInfo? Resources) Effective(SplitGraph graph, AnnotationOverrides overrides)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(overrides);
        var geo = overrides.GeoPreference is { } g ? new GeoPreferenceSpec(g.Regions, g.Strict)
            : graph.Annotations.GeoPreference is { } a ? new GeoPreferenceSpec(a.Regions, a.Strict) : null;
        var rc = overrides.ResourceConstraint is { } r ? new ResourceConstraintInfo(r.MemoryMb, r.TimeoutSeconds) : graph.Annotations.ResourceConstraint;
        return ((overrides.Splitable ?? true) && graph.IsSplittable, geo, rc);
    }

    /// <summary>
    /// The engine plan of a call with <paramref name="arguments"/> (parameter name → JSON). A function whose
    /// overrides turn splitting off runs as one unit in the region the planner picks for all its work.
    /// </summary>
    /// <exception cref="SplitCallPlanningException">No plan satisfies the effective annotations.</exception>
    public async Task<ExecutionPlan> PlanAsync(RegisteredFunction entry, IReadOnlyDictionary<string, ReadOnlyMemory<byte>> arguments, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(arguments);
        var stored = await _annotations.GetAsync(entry.Id, cancellationToken).ConfigureAwait(false);
        var (splitable, geo, rc) = Effective(entry.Graph, stored?.Overrides ?? AnnotationOverrides.Empty);
        using var span = SplitterTelemetry.StartPlan(entry.Id);
        var manifest = entry.Graph;

        // Measured profiles (moving averages the engine records after each run) replace the static estimates of what
        // they measured: a segment's work in ms, a variable's serialised size.
        var measured = await _profiles.GetAsync(entry.Id, cancellationToken).ConfigureAwait(false);
        double Work(Segment s) => measured.SegmentWorkMs.TryGetValue(s.Id, out var m) && m.Count > 0 && double.IsFinite(m.Mean) && m.Mean >= 0 ? m.Mean : s.Work;
        var sizes = measured.VariableBytes
            .Where(v => v.Value.Count > 0 && double.IsFinite(v.Value.Mean) && v.Value.Mean >= 0)
            .ToDictionary(v => v.Key, v => (long)Math.Ceiling(v.Value.Mean), StringComparer.Ordinal);
        var graph = splitable
            ? FunctionGraph.FromManifest(manifest, Work, withAnnotations: false)
            : new FunctionGraph(
                entry.Id,
                [new GraphSegment(0, [.. manifest.Parameters.Select(p => p.Name)], [], manifest.Segments.Sum(Work), DataReads: FunctionGraph.AllDataReads(manifest))],
                [],
                [.. manifest.Parameters.Select(p => new GraphParameter(p.Name, p.Type))],
                manifest.ReturnType);
        var request = new PlanRequest(
            graph,
            VariableBytes: sizes.Count > 0 ? sizes : null,
            MemoryMb: rc?.MemoryMb,
            TimeoutSeconds: rc?.TimeoutSeconds,
            GeoPreference: geo,
            PreferencePenalty: geo is { Strict: false } ? PreferencePenalty : 0,
            Objective: _objective)
            .WithEnvironment(_environment);
        var invalid = PlanRequestValidator.Validate(request);
        if (invalid.Count > 0 && invalid.All(e => e.Field.StartsWith("geoPreference", StringComparison.Ordinal)))
        {
            // The preference names regions this environment does not have (an app's attributes name its real regions;
            // the built-in environment simulates three): planned without it, as `serverless run` does.
            request = request with { GeoPreference = null, PreferencePenalty = 0 };
        }

        Plan plan;
        try
        {
            plan = Planner.Plan(request);
        }
        catch (PlanningException ex)
        {
            throw new SplitCallPlanningException(entry.Id, ex.Message, ex);
        }

        var values = arguments.ToDictionary(a => a.Key, a => JsonDocument.Parse(a.Value).RootElement.Clone(), StringComparer.Ordinal);
        var executionId = "call" + Guid.NewGuid().ToString("N");
        var memory = rc?.MemoryMb ?? PlanRequest.DefaultMemoryMb;
        var timeout = rc?.TimeoutSeconds ?? PlanRequest.DefaultTimeoutSeconds;
        var units = splitable
            ? [.. plan.Units.OrderBy(u => u.Id).Select(u => new UnitPlacement([.. u.Segments.Order()], u.Region))]
            : new List<UnitPlacement> { new([.. Enumerable.Range(0, manifest.Segments.Count)], plan.Units[0].Region) };
        var pricing = new AuctionPricing(_environment, request.Objective?.LatencyWeight ?? 0, request.VariableBytes, request.DefaultVariableBytes);
        var enginePlan = ExecutionPlanBuilder.Build(
            executionId,
            EngineGraphs.For(entry),
            units,
            values,
            memory,
            timeout,
            [.. _environment.Regions.Select(r => r.Name)],
            pricing);
        span?.SetTag("splitter.execution", executionId).SetTag("splitter.units", enginePlan.Units.Count).SetTag("splitter.algorithm", plan.Algorithm)
            .SetTag("splitter.regions", string.Join(",", enginePlan.Units.Select(u => u.Region).Distinct(StringComparer.Ordinal)));
        return enginePlan with { TraceParent = SplitterTelemetry.CurrentTraceParent() };
    }
}
