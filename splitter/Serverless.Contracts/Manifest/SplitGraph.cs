using System.Collections.Generic;
using System.Linq;

namespace Serverless.Contracts.Manifest;

/// <summary>
/// The dependency graph of one <c>[Splitable]</c> method: its segments (one per top-level statement), the
/// edges between them, and the diagnostics of the analysis. Serialised as the manifest JSON of
/// <c>serverless analyze</c> by <see cref="ManifestJson"/> and read back by <see cref="ManifestReader"/>.
/// </summary>
public sealed record SplitGraph
{
    /// <summary>Fully qualified containing type plus method name, e.g. <c>Demo.Images.Process</c>.</summary>
    public required string Function { get; init; }

    /// <summary>The method's parameters in declaration order.</summary>
    public required IReadOnlyList<SplitParameter> Parameters { get; init; }

    /// <summary>The return type as C# writes it fully qualified, e.g. <c>System.Threading.Tasks.Task&lt;Demo.Report&gt;</c>.</summary>
    public required string ReturnType { get; init; }

    /// <summary>Compile-time annotations of the method.</summary>
    public required SplitAnnotations Annotations { get; init; }

    /// <summary>Segments in source order; ids are 0-based.</summary>
    public required IReadOnlyList<Segment> Segments { get; init; }

    /// <summary>Edges sorted by (from, to, kind).</summary>
    public required IReadOnlyList<SegmentEdge> Edges { get; init; }

    /// <summary>Diagnostics of the analysis; any error makes the method run unsplit.</summary>
    public required IReadOnlyList<SplitDiagnostic> Diagnostics { get; init; }

    /// <summary>
    /// Top-level locals and parameters with their types (not part of the manifest JSON; used by the generator
    /// to emit typed executors).
    /// </summary>
    public IReadOnlyList<SplitVariable> Variables { get; init; } = [];

    /// <summary>Path of the syntax tree that declares the method (not part of the manifest JSON).</summary>
    public string SourcePath { get; init; } = string.Empty;

    /// <summary>1-based first line of the method declaration, attributes included (not part of the manifest JSON).</summary>
    public int StartLine { get; init; }

    /// <summary>1-based last line of the method declaration (not part of the manifest JSON).</summary>
    public int EndLine { get; init; }

    /// <summary>True when no diagnostic has error severity.</summary>
    public bool IsSplittable
    {
        get
        {
            foreach (var d in Diagnostics)
            {
                if (d.Severity == DiagnosticSeverityNames.Error)
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>The segment that last wrote <paramref name="variable"/> before <paramref name="segment"/> reads it (its data edge), or null for an input.</summary>
    public int? Producer(int segment, string variable)
    {
        foreach (var e in Edges)
        {
            if (e.To == segment && e.Kind == EdgeKinds.Data && e.Variables.Contains(variable))
            {
                return e.From;
            }
        }

        return null;
    }
}
