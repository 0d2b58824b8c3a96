using System.Text.Json.Serialization;

namespace Serverless.Planning.Model;

/// <summary>
/// One function's dependency graph exactly as <c>serverless analyze</c> prints it (segments, edges, diagnostics).
/// The planner's own copy of the manifest shape: Planning does not reference the Roslyn analysis.
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
}
