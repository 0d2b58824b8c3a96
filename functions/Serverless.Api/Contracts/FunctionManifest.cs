using Serverless.Contracts.Manifest;

namespace Serverless.Api.Contracts;

/// <summary>A function's manifest exactly as <c>serverless analyze</c> prints it.</summary>
public sealed record FunctionManifest(
    string Function,
    IReadOnlyList<SplitParameter> Parameters,
    string ReturnType,
    SplitAnnotations Annotations,
    IReadOnlyList<Segment> Segments,
    IReadOnlyList<SegmentEdge> Edges,
    IReadOnlyList<SplitDiagnostic> Diagnostics)
{
    /// <summary>The manifest of a split graph.</summary>
    public static FunctionManifest From(SplitGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return new(graph.Function, graph.Parameters, graph.ReturnType, graph.Annotations, graph.Segments, graph.Edges, graph.Diagnostics);
    }
}
