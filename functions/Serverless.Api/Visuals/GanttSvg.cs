using System.Text;

namespace Serverless.Api.Visuals;

/// <summary>
/// Draws the execution timeline: one lane per region and instance, one bar per unit from its start to its end,
/// coloured by region, with a time axis in milliseconds. Units that did not run are listed below the lanes.
/// </summary>
public static class GanttSvg
{
    private const double LaneHeight = 30;
    private const double LabelWidth = 220;
    private const double ChartWidth = 640;
    private const double Margin = 20;
    private const double AxisHeight = 30;

    public static string Render(ExecutionPicture picture)
    {
        ArgumentNullException.ThrowIfNull(picture);
        var colours = Palette.For(picture.Units.Select(u => u.Region));
        var ran = picture.Units.Where(u => u.StartMs is not null && u.EndMs is not null).ToList();
        var pending = picture.Units.Where(u => u.StartMs is null || u.EndMs is null).OrderBy(u => u.Id).ToList();
        var lanes = ran.Select(LaneOf).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var t0 = ran.Count == 0 ? 0 : ran.Min(u => u.StartMs!.Value);
        var t1 = ran.Count == 0 ? 1 : ran.Max(u => u.EndMs!.Value);
        var span = Math.Max(1e-6, t1 - t0);
        double X(double t) => Margin + LabelWidth + ((t - t0) / span * ChartWidth);

        var height = (2 * Margin) + AxisHeight + (Math.Max(1, lanes.Count) * LaneHeight) + (pending.Count * 16);
        var width = (2 * Margin) + LabelWidth + ChartWidth + 40;
        var sb = new StringBuilder();
        sb.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").Append(Svg.N(width)).Append("\" height=\"").Append(Svg.N(height))
          .Append("\" viewBox=\"0 0 ").Append(Svg.N(width)).Append(' ').Append(Svg.N(height)).Append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
        sb.Append("<title>").Append(Svg.Escape(picture.Function)).Append(" — timeline</title>\n");
        sb.Append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");

        for (var i = 0; i < lanes.Count; i++)
        {
            var y = Margin + (i * LaneHeight);
            sb.Append("<text x=\"").Append(Svg.N(Margin)).Append("\" y=\"").Append(Svg.N(y + 19)).Append("\">").Append(Svg.Escape(lanes[i])).Append("</text>");
            sb.Append("<line x1=\"").Append(Svg.N(Margin + LabelWidth)).Append("\" y1=\"").Append(Svg.N(y + LaneHeight)).Append("\" x2=\"").Append(Svg.N(Margin + LabelWidth + ChartWidth))
              .Append("\" y2=\"").Append(Svg.N(y + LaneHeight)).Append("\" stroke=\"#ddd\"/>\n");
        }

        foreach (var u in ran.OrderBy(u => u.Id))
        {
            var lane = lanes.IndexOf(LaneOf(u));
            var y = Margin + (lane * LaneHeight) + 4;
            var x = X(u.StartMs!.Value);
            var w = Math.Max(2, X(u.EndMs!.Value) - x);
            sb.Append("<g class=\"unit\" data-unit=\"").Append(u.Id).Append("\" data-region=\"").Append(Svg.Escape(u.Region)).Append("\">");
            sb.Append("<rect x=\"").Append(Svg.N(x)).Append("\" y=\"").Append(Svg.N(y)).Append("\" width=\"").Append(Svg.N(w)).Append("\" height=\"").Append(Svg.N(LaneHeight - 8))
              .Append("\" rx=\"3\" fill=\"").Append(colours[u.Region]).Append("\" stroke=\"#222\" stroke-width=\"0.5\">");
            sb.Append("<title>unit ").Append(u.Id).Append(' ').Append(Svg.Escape(Svg.SegmentsLabel(u.Segments))).Append(": ")
              .Append(Svg.N(u.StartMs.Value)).Append("–").Append(Svg.N(u.EndMs.Value)).Append(" ms, attempts ").Append(u.Attempts).Append("</title></rect>");
            sb.Append("<text x=\"").Append(Svg.N(x + 3)).Append("\" y=\"").Append(Svg.N(y + 15)).Append("\" fill=\"white\" font-size=\"10\">u").Append(u.Id).Append("</text>");
            sb.Append("</g>\n");
        }

        var axisY = Margin + (Math.Max(1, lanes.Count) * LaneHeight) + 6;
        sb.Append("<line x1=\"").Append(Svg.N(Margin + LabelWidth)).Append("\" y1=\"").Append(Svg.N(axisY)).Append("\" x2=\"").Append(Svg.N(Margin + LabelWidth + ChartWidth))
          .Append("\" y2=\"").Append(Svg.N(axisY)).Append("\" stroke=\"#333\"/>\n");
        for (var k = 0; k <= 4; k++)
        {
            var t = t0 + (span * k / 4);
            sb.Append("<text x=\"").Append(Svg.N(X(t))).Append("\" y=\"").Append(Svg.N(axisY + 16)).Append("\" text-anchor=\"middle\" font-size=\"10\">")
              .Append(Svg.N(t - t0)).Append(" ms</text>\n");
        }

        var py = axisY + AxisHeight;
        foreach (var u in pending)
        {
            sb.Append("<g class=\"unit\" data-unit=\"").Append(u.Id).Append("\" data-region=\"").Append(Svg.Escape(u.Region)).Append("\"><text x=\"").Append(Svg.N(Margin)).Append("\" y=\"").Append(Svg.N(py))
              .Append("\" fill=\"#777\">unit ").Append(u.Id).Append(" (").Append(Svg.Escape(u.Region)).Append(") did not run</text></g>\n");
            py += 16;
        }

        sb.Append("</svg>\n");
        return sb.ToString();
    }

    private static string LaneOf(PictureUnit u) => u.Instance switch
    {
        null => u.Region,
        var i when i.StartsWith(u.Region, StringComparison.Ordinal) => i, // instance ids already name their region
        var i => $"{u.Region} / {i}",
    };
}
