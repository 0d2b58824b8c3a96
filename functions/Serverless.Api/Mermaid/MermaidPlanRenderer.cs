using System.Globalization;
using System.Text;
using Serverless.Api.Planning;
using Serverless.Contracts.Manifest;

namespace Serverless.Api.Mermaid;

/// <summary>
/// Renders a plan as a Mermaid flowchart: one node per unit (its segments and region), an arrow wherever a segment
/// edge crosses units, and one colour per region.
/// </summary>
public static class MermaidPlanRenderer
{
    private static readonly string[] Palette = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];

    /// <summary>The Mermaid text of a plan; <paramref name="graph"/> (optional) supplies the edges between units.</summary>
    public static string Render(PlanPreview plan, SplitGraph? graph)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var sb = new StringBuilder("flowchart LR\n");
        var regions = plan.Units.Select(u => u.Region).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var unitOf = new Dictionary<int, int>();
        foreach (var unit in plan.Units)
        {
            foreach (var segment in unit.Segments)
            {
                unitOf[segment] = unit.Id;
            }

            var segments = string.Join(", ", unit.Segments.Select(s => s.ToString(CultureInfo.InvariantCulture)));
            sb.Append(CultureInfo.InvariantCulture, $"  u{unit.Id}[\"unit {unit.Id}<br/>segments {segments}<br/>{unit.Region}\"]:::region{regions.IndexOf(unit.Region)}\n");
        }

        var arrows = new SortedSet<(int From, int To)>();
        foreach (var edge in graph?.Edges ?? [])
        {
            if (unitOf.TryGetValue(edge.From, out var from) && unitOf.TryGetValue(edge.To, out var to) && from != to)
            {
                arrows.Add((from, to));
            }
        }

        foreach (var (from, to) in arrows)
        {
            sb.Append(CultureInfo.InvariantCulture, $"  u{from} --> u{to}\n");
        }

        for (var i = 0; i < regions.Count; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"  classDef region{i} fill:{Palette[i % Palette.Length]},color:#fff\n");
        }

        return sb.ToString();
    }
}
