using System.Globalization;
using System.Text;
using Serverless.Api.Planning;
using Serverless.Contracts.Manifest;

namespace Serverless.Api.Visuals;

/// <summary>
/// The one Mermaid renderer: a flowchart of a split DAG with one node per unit (its segments and region), coloured by
/// region with the shared <see cref="Palette"/>. The README pictures draw every edge with the variables it carries
/// (dotted when it carries none); the API's plan view draws one plain arrow per pair of units an edge crosses.
/// </summary>
public static class MermaidGraph
{
    /// <summary>Top-down with labelled edges (the pictures <c>serverless demo</c> writes).</summary>
    public static string Render(ExecutionPicture picture) => Render(picture, "TD", labelEdges: true);

    /// <summary>
    /// Left to right with one plain arrow per pair of units a segment edge of <paramref name="graph"/> (optional)
    /// crosses (the API's <c>?format=mermaid</c> view of an execution's plan).
    /// </summary>
    public static string Render(PlanPreview plan, SplitGraph? graph)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var picture = ExecutionPictures.Of(plan, graph);
        return Render(picture, "LR", labelEdges: false);
    }

    /// <summary>The flowchart of <paramref name="picture"/> in <paramref name="direction"/> (<c>TD</c>, <c>LR</c>, …).</summary>
    public static string Render(ExecutionPicture picture, string direction, bool labelEdges)
    {
        ArgumentNullException.ThrowIfNull(picture);
        ArgumentNullException.ThrowIfNull(direction);
        var colours = Palette.For(picture.Units.Select(u => u.Region));
        var classOf = colours.Keys.Select((region, i) => (region, i)).ToDictionary(p => p.region, p => p.i, StringComparer.Ordinal);
        var sb = new StringBuilder("flowchart ").Append(direction).Append('\n');
        foreach (var u in picture.Units.OrderBy(u => u.Id))
        {
            sb.Append(CultureInfo.InvariantCulture, $"  u{u.Id}[\"unit {u.Id}: {Clean(Svg.SegmentsLabel(u.Segments))}<br/>{Clean(u.Region)}\"]:::region{classOf[u.Region]}\n");
        }

        foreach (var e in picture.Edges)
        {
            var arrow = !labelEdges ? " --> " : e.Variables.Count == 0 ? " -.-> " : " -->|" + Clean(string.Join(", ", e.Variables)) + "| ";
            sb.Append(CultureInfo.InvariantCulture, $"  u{e.From}{arrow}u{e.To}\n");
        }

        foreach (var (region, colour) in colours)
        {
            sb.Append(CultureInfo.InvariantCulture, $"  classDef region{classOf[region]} fill:{colour},color:#fff\n");
        }

        return sb.ToString();
    }

    private static string Clean(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            sb.Append(c is '"' or '|' or '[' or ']' or '<' or '>' or '{' or '}' || char.IsControl(c) ? '_' : c);
        }

        return sb.ToString();
    }
}
