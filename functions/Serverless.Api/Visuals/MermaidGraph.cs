using System.Text;

namespace Serverless.Api.Visuals;

/// <summary>Mermaid flowchart text of the split DAG (for READMEs): one node per unit, one class per region.</summary>
public static class MermaidGraph
{
    public static string Render(ExecutionPicture picture)
    {
        ArgumentNullException.ThrowIfNull(picture);
        var colours = Palette.For(picture.Units.Select(u => u.Region));
        var sb = new StringBuilder("flowchart TD\n");
        foreach (var u in picture.Units.OrderBy(u => u.Id))
        {
            sb.Append("  u").Append(u.Id).Append("[\"unit ").Append(u.Id).Append(": ").Append(Clean(Svg.SegmentsLabel(u.Segments))).Append("<br/>").Append(Clean(u.Region)).Append("\"]\n");
        }

        foreach (var e in picture.Edges)
        {
            sb.Append("  u").Append(e.From).Append(e.Variables.Count == 0 ? " -.-> " : " -->|" + Clean(string.Join(", ", e.Variables)) + "| ").Append('u').Append(e.To).Append('\n');
        }

        var i = 0;
        foreach (var (region, colour) in colours)
        {
            sb.Append("  classDef r").Append(i).Append(" fill:").Append(colour).Append(",color:#fff\n");
            var members = picture.Units.Where(u => u.Region == region).Select(u => "u" + u.Id).ToList();
            if (members.Count > 0)
            {
                sb.Append("  class ").Append(string.Join(",", members)).Append(" r").Append(i).Append('\n');
            }

            i++;
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
