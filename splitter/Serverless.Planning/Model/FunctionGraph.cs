using System.Text.Json.Serialization;
using Serverless.Contracts.Manifest;

namespace Serverless.Planning.Model;

/// <summary>
/// The planner's input graph: one function's segments, edges and diagnostics as a plan request carries them (the JSON
/// of a plan request's <c>graph</c>, validated field by field). The manifest itself is <see cref="SplitGraph"/>, read by
/// <see cref="ManifestReader"/>; <see cref="FromManifest"/> is the one mapping from it.
/// </summary>
public sealed record FunctionGraph(
    string Function,
    IReadOnlyList<GraphSegment> Segments,
    IReadOnlyList<GraphEdge> Edges,
    IReadOnlyList<GraphParameter>? Parameters = null,
    string? ReturnType = null,
    GraphAnnotations? Annotations = null,
    IReadOnlyList<GraphDiagnostic>? Diagnostics = null)
{
    /// <summary>True when no diagnostic has severity <c>error</c> (an unsplittable method runs as one unit).</summary>
    [JsonIgnore]
    public bool IsSplittable => Diagnostics is null || !Diagnostics.Any(d => d is not null && d.Severity == "error");

    /// <summary>
    /// Every data read of the manifest's segments, summed per region (sorted by region), as one segment standing for the
    /// whole method reads them (a method that runs unsplit); null when there are none.
    /// </summary>
    public static IReadOnlyList<DataRead>? AllDataReads(SplitGraph manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var reads = manifest.Segments.SelectMany(s => s.DataReads)
            .GroupBy(d => d.Region, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new DataRead(g.Key, g.Sum(d => d.Bytes)))
            .ToList();
        return reads.Count == 0 ? null : reads;
    }

    /// <summary>
    /// The planner's graph of a manifest: segments (with <paramref name="work"/> in place of the static estimate when
    /// given, and their data reads), edges, parameters and return type; annotations and diagnostics too unless <paramref name="withAnnotations"/>
    /// is false (callers that pass effective annotations in the request leave them out).
    /// </summary>
    public static FunctionGraph FromManifest(SplitGraph manifest, Func<Segment, double>? work = null, bool withAnnotations = true)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var graph = new FunctionGraph(
            manifest.Function,
            [.. manifest.Segments.Select(s => new GraphSegment(s.Id, s.Reads, s.Writes, work is null ? s.Work : work(s), s.StartLine, s.EndLine, s.DataReads.Count == 0 ? null : s.DataReads))],
            [.. manifest.Edges.Select(e => new GraphEdge(e.From, e.To, e.Kind, e.Variables))],
            [.. manifest.Parameters.Select(p => new GraphParameter(p.Name, p.Type))],
            manifest.ReturnType);
        if (!withAnnotations)
        {
            return graph;
        }

        var geo = manifest.Annotations.GeoPreference is { } g ? new GeoPreferenceSpec(g.Regions, g.Strict) : null;
        var rc = manifest.Annotations.ResourceConstraint is { } r ? new ResourceConstraintSpec(r.MemoryMb, r.TimeoutSeconds) : null;
        return graph with
        {
            Annotations = new GraphAnnotations(geo, rc),
            Diagnostics = [.. manifest.Diagnostics.Select(d => new GraphDiagnostic(d.Id, d.Severity, d.Line, d.Message))],
        };
    }
}
