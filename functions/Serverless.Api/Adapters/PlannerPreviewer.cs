using Serverless.Api.Planning;
using Serverless.Contracts.Manifest;
using Serverless.Contracts.Plans;
using Serverless.Orchestrations.Profiles;
using Serverless.Planning;
using Serverless.Planning.Model;

namespace Serverless.Api.Adapters;

/// <summary>
/// Plans with Serverless.Planning over an environment (regions, prices, network). A function that runs unsplit is
/// planned as one segment holding all the work, so the plan has exactly one unit with every segment. Given a measured
/// profile, a segment's measured work (moving average of observed ms) replaces its static estimate and a variable's
/// measured serialised size replaces the default size; what has not been measured keeps the static estimate.
/// </summary>
public sealed class PlannerPreviewer : IPlanPreviewer
{
    /// <summary>Penalty per unit outside a non-strict geo preference (currency units), as in the planner's examples.</summary>
    public const double PreferencePenalty = 0.0001;

    private readonly PlanEnvironment _environment;

    public PlannerPreviewer(PlanEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        _environment = environment;
        Regions = [.. environment.Regions.Select(r => r.Name)];
    }

    public IReadOnlyList<string> Regions { get; }

    /// <summary>The planner's request for a graph under effective annotations (also used to price executions).</summary>
    public PlanRequest Request(SplitGraph graph, EffectiveAnnotations annotations, FunctionProfile? measured = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(annotations);
        double Work(Segment s) =>
            measured is not null && measured.SegmentWorkMs.TryGetValue(s.Id, out var m) && m.Count > 0 && double.IsFinite(m.Mean) && m.Mean >= 0 ? m.Mean : s.Work;
        Dictionary<string, long>? sizes = measured is null
            ? null
            : measured.VariableBytes
                .Where(v => v.Value.Count > 0 && double.IsFinite(v.Value.Mean) && v.Value.Mean >= 0)
                .ToDictionary(v => v.Key, v => (long)Math.Ceiling(v.Value.Mean), StringComparer.Ordinal);
        var geo = annotations.GeoPreference is { } g ? new GeoPreferenceSpec(g.Regions, g.Strict) : null;
        var rc = annotations.ResourceConstraint;
        var function = annotations.Splitable
            ? FunctionGraph.FromManifest(graph, Work, withAnnotations: false)
            : new FunctionGraph(
                graph.Function,
                [new GraphSegment(0, [.. graph.Parameters.Select(p => p.Name)], [], graph.Segments.Sum(Work), DataReads: FunctionGraph.AllDataReads(graph))],
                [],
                [.. graph.Parameters.Select(p => new GraphParameter(p.Name, p.Type))],
                graph.ReturnType);
        return new PlanRequest(function, VariableBytes: sizes is { Count: > 0 } ? sizes : null, MemoryMb: rc?.MemoryMb, TimeoutSeconds: rc?.TimeoutSeconds, GeoPreference: geo, PreferencePenalty: geo is { Strict: false } ? PreferencePenalty : 0)
            .WithEnvironment(_environment);
    }

    public PlanPreview Plan(SplitGraph graph, EffectiveAnnotations annotations) => Plan(graph, annotations, null);

    public PlanPreview Plan(SplitGraph graph, EffectiveAnnotations annotations, FunctionProfile? measured)
    {
        Serverless.Planning.Model.Plan plan;
        try
        {
            plan = Planner.Plan(Request(graph, annotations, measured));
        }
        catch (PlanningException ex)
        {
            throw new PlanningFailedException(ex.Message, ex);
        }

        var all = graph.Segments.Select(s => s.Id).ToList();
        var units = annotations.Splitable
            ? plan.Units.Select(u => new PreviewUnit(u.Id, u.Segments, u.Region, u.StartMs, u.FinishMs)).ToList()
            : [.. plan.Units.Select(u => new PreviewUnit(u.Id, all, u.Region, u.StartMs, u.FinishMs))];
        return new PlanPreview(plan.Algorithm, units, new PlanCost(plan.Cost.Compute, plan.Cost.Transfer, plan.Cost.Total), plan.MakespanMs, plan.Objective);
    }
}
