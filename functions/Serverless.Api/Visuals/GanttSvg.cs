using System.Text;

namespace Serverless.Api.Visuals;

/// <summary>
/// Draws the execution timeline: one lane per unit running at the same time on a region and instance (units that
/// overlap in time on one instance get lanes of their own, so no two bars of a lane overlap), one bar per unit from its
/// start to its end, coloured by region, the critical path outlined, above each bar a thin dashed bar from the unit's
/// planned start to its planned end (the planner's schedule, when the plan has one), a legend, and a time axis with
/// ticks on round numbers. Lanes are packed so that no two bars of a lane overlap, planned or actual. Units that did
/// not run are listed below the lanes.
/// </summary>
public static class GanttSvg
{
    private const double LaneHeight = 30;
    private const double LabelWidth = 220;
    private const double ChartWidth = 640;
    private const double Margin = 20;
    private const double AxisHeight = 30;
    private const double LegendHeight = 26;
    private const double PlannedHeight = 5;
    private const double BarOffset = 10;

    public static string Render(ExecutionPicture picture)
    {
        ArgumentNullException.ThrowIfNull(picture);
        var colours = Palette.For(picture.Units.Select(u => u.Region));
        var ran = picture.Units.Where(u => u.StartMs is not null && u.EndMs is not null).ToList();
        var pending = picture.Units.Where(u => u.StartMs is null || u.EndMs is null).OrderBy(u => u.Id).ToList();
        var (laneOf, lanes) = Lanes(ran);
        var critical = CriticalPath(picture, ran);
        var t0 = ran.Count == 0 ? 0 : ran.Min(u => Span(u).Start);
        var t1 = ran.Count == 0 ? 1 : ran.Max(u => Span(u).End);
        var planned = ran.Where(u => u.PlannedStartMs is not null && u.PlannedEndMs is not null).ToList();
        var step = TickStep(t1 - t0);
        var end = Math.Max(step, Math.Ceiling((t1 - t0) / step) * step);
        double X(double t) => Margin + LabelWidth + ((t - t0) / end * ChartWidth);

        var top = Margin + LegendHeight;
        var height = top + (2 * Margin) + AxisHeight + (Math.Max(1, lanes.Count) * LaneHeight) + (pending.Count * 16);
        var width = (2 * Margin) + LabelWidth + ChartWidth + 40;
        var sb = new StringBuilder();
        sb.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").Append(Svg.N(width)).Append("\" height=\"").Append(Svg.N(height))
          .Append("\" viewBox=\"0 0 ").Append(Svg.N(width)).Append(' ').Append(Svg.N(height)).Append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
        sb.Append("<title>").Append(Svg.Escape(picture.Function)).Append(" — timeline</title>\n");
        sb.Append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");

        var lx = Margin;
        foreach (var (region, colour) in colours)
        {
            sb.Append("<g class=\"legend\"><rect x=\"").Append(Svg.N(lx)).Append("\" y=\"").Append(Svg.N(Margin - 6)).Append("\" width=\"14\" height=\"14\" fill=\"").Append(colour).Append("\"/>");
            sb.Append("<text x=\"").Append(Svg.N(lx + 18)).Append("\" y=\"").Append(Svg.N(Margin + 6)).Append("\">").Append(Svg.Escape(region)).Append("</text></g>\n");
            lx += 30 + (7 * region.Length);
        }

        if (critical.Count > 0)
        {
            sb.Append("<g class=\"legend\"><rect x=\"").Append(Svg.N(lx)).Append("\" y=\"").Append(Svg.N(Margin - 6)).Append("\" width=\"14\" height=\"14\" fill=\"white\" stroke=\"#000\" stroke-width=\"2.5\"/>");
            sb.Append("<text x=\"").Append(Svg.N(lx + 18)).Append("\" y=\"").Append(Svg.N(Margin + 6)).Append("\">critical path</text></g>\n");
            lx += 110;
        }

        if (planned.Count > 0)
        {
            sb.Append("<g class=\"legend\"><rect x=\"").Append(Svg.N(lx)).Append("\" y=\"").Append(Svg.N(Margin - 1)).Append("\" width=\"14\" height=\"").Append(Svg.N(PlannedHeight))
              .Append("\" fill=\"#888\" fill-opacity=\"0.35\" stroke=\"#444\" stroke-dasharray=\"3 2\"/>");
            sb.Append("<text x=\"").Append(Svg.N(lx + 18)).Append("\" y=\"").Append(Svg.N(Margin + 6)).Append("\">planned (above the bar as run)</text></g>\n");
        }

        for (var i = 0; i < lanes.Count; i++)
        {
            var y = top + (i * LaneHeight);
            sb.Append("<text x=\"").Append(Svg.N(Margin)).Append("\" y=\"").Append(Svg.N(y + 19)).Append("\">").Append(Svg.Escape(lanes[i])).Append("</text>");
            sb.Append("<line x1=\"").Append(Svg.N(Margin + LabelWidth)).Append("\" y1=\"").Append(Svg.N(y + LaneHeight)).Append("\" x2=\"").Append(Svg.N(Margin + LabelWidth + ChartWidth))
              .Append("\" y2=\"").Append(Svg.N(y + LaneHeight)).Append("\" stroke=\"#ddd\"/>\n");
        }

        foreach (var u in planned.OrderBy(u => u.Id))
        {
            var lane = laneOf[u.Id];
            var x = X(u.PlannedStartMs!.Value);
            var w = Math.Max(2, X(u.PlannedEndMs!.Value) - x);
            sb.Append("<g class=\"planned\" data-unit=\"").Append(u.Id).Append("\" data-lane=\"").Append(lane).Append("\" data-start=\"").Append(Svg.N(u.PlannedStartMs.Value))
              .Append("\" data-end=\"").Append(Svg.N(u.PlannedEndMs.Value)).Append("\"><rect x=\"").Append(Svg.N(x)).Append("\" y=\"").Append(Svg.N(top + (lane * LaneHeight) + 3))
              .Append("\" width=\"").Append(Svg.N(w)).Append("\" height=\"").Append(Svg.N(PlannedHeight)).Append("\" fill=\"").Append(colours[u.Region])
              .Append("\" fill-opacity=\"0.35\" stroke=\"").Append(colours[u.Region]).Append("\" stroke-dasharray=\"3 2\"><title>unit ").Append(u.Id).Append(" planned: ")
              .Append(Svg.N(u.PlannedStartMs.Value)).Append("–").Append(Svg.N(u.PlannedEndMs.Value)).Append(" ms</title></rect></g>\n");
        }

        foreach (var u in ran.OrderBy(u => u.Id))
        {
            var lane = laneOf[u.Id];
            var y = top + (lane * LaneHeight) + BarOffset;
            var x = X(u.StartMs!.Value);
            var w = Math.Max(2, X(u.EndMs!.Value) - x);
            var onPath = critical.Contains(u.Id);
            sb.Append("<g class=\"unit\" data-critical=\"").Append(onPath ? "true" : "false").Append("\" data-unit=\"").Append(u.Id).Append("\" data-region=\"").Append(Svg.Escape(u.Region))
              .Append("\" data-lane=\"").Append(lane).Append("\" data-start=\"").Append(Svg.N(u.StartMs.Value)).Append("\" data-end=\"").Append(Svg.N(u.EndMs.Value)).Append("\">");
            sb.Append("<rect x=\"").Append(Svg.N(x)).Append("\" y=\"").Append(Svg.N(y)).Append("\" width=\"").Append(Svg.N(w)).Append("\" height=\"").Append(Svg.N(LaneHeight - BarOffset - 3))
              .Append("\" rx=\"3\" fill=\"").Append(colours[u.Region]).Append(onPath ? "\" stroke=\"#000\" stroke-width=\"2.5\">" : "\" stroke=\"#222\" stroke-width=\"0.5\">");
            sb.Append("<title>unit ").Append(u.Id).Append(' ').Append(Svg.Escape(Svg.SegmentsLabel(u.Segments))).Append(": ")
              .Append(Svg.N(u.StartMs.Value)).Append("–").Append(Svg.N(u.EndMs.Value)).Append(" ms, attempts ").Append(u.Attempts).Append(onPath ? ", on the critical path" : string.Empty).Append("</title></rect>");
            sb.Append("<text x=\"").Append(Svg.N(x + 3)).Append("\" y=\"").Append(Svg.N(y + 12)).Append("\" fill=\"white\" font-size=\"10\">u").Append(u.Id).Append("</text>");
            sb.Append("</g>\n");
        }

        var axisY = top + (Math.Max(1, lanes.Count) * LaneHeight) + 6;
        sb.Append("<line x1=\"").Append(Svg.N(Margin + LabelWidth)).Append("\" y1=\"").Append(Svg.N(axisY)).Append("\" x2=\"").Append(Svg.N(Margin + LabelWidth + ChartWidth))
          .Append("\" y2=\"").Append(Svg.N(axisY)).Append("\" stroke=\"#333\"/>\n");
        for (var k = 0; k * step <= end + (step / 1000); k++)
        {
            var t = k * step;
            sb.Append("<text class=\"tick\" data-value=\"").Append(Svg.N(t)).Append("\" x=\"").Append(Svg.N(X(t0 + t))).Append("\" y=\"").Append(Svg.N(axisY + 16)).Append("\" text-anchor=\"middle\" font-size=\"10\">")
              .Append(Svg.N(t)).Append(" ms</text>\n");
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

    /// <summary>A round tick step (1, 2 or 5 × 10ⁿ ms) giving at most 8 ticks over <paramref name="span"/>.</summary>
    public static double TickStep(double span)
    {
        if (!(span > 0) || double.IsInfinity(span))
        {
            return 1;
        }

        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(span / 8)));
        foreach (var m in new[] { 1.0, 2.0, 5.0, 10.0 })
        {
            if (span / (m * magnitude) <= 8)
            {
                return m * magnitude;
            }
        }

        return 10 * magnitude;
    }

    /// <summary>
    /// The lane of each unit that ran: per region and instance, units are packed into the fewest lanes in which none
    /// overlaps another (interval partitioning by start time, each unit spanning its actual and planned bars); lane
    /// names say the instance and, past the first, the lane.
    /// </summary>
    public static (IReadOnlyDictionary<int, int> LaneOf, IReadOnlyList<string> Names) Lanes(IReadOnlyList<PictureUnit> ran)
    {
        ArgumentNullException.ThrowIfNull(ran);
        var laneOf = new Dictionary<int, int>();
        var names = new List<string>();
        foreach (var group in ran.GroupBy(InstanceOf, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var ends = new List<double>();
            var first = names.Count;
            foreach (var u in group.OrderBy(u => Span(u).Start).ThenBy(u => u.Id))
            {
                var (start, end) = Span(u);
                var k = ends.FindIndex(e => e <= start);
                if (k < 0)
                {
                    k = ends.Count;
                    ends.Add(0);
                    names.Add(k == 0 ? group.Key : $"{group.Key} #{k + 1}");
                }

                ends[k] = end;
                laneOf[u.Id] = first + k;
            }
        }

        return (laneOf, names);
    }

    /// <summary>
    /// The critical path of the run: from the unit that ended last, back through the predecessor (by edge) that ended
    /// last, to a unit with no predecessor that ran.
    /// </summary>
    public static IReadOnlySet<int> CriticalPath(ExecutionPicture picture, IReadOnlyList<PictureUnit> ran)
    {
        ArgumentNullException.ThrowIfNull(picture);
        ArgumentNullException.ThrowIfNull(ran);
        var byId = ran.ToDictionary(u => u.Id);
        var path = new HashSet<int>();
        var current = ran.OrderByDescending(u => u.EndMs).ThenBy(u => u.Id).FirstOrDefault();
        while (current is not null && path.Add(current.Id))
        {
            current = picture.Edges.Where(e => e.To == current.Id && byId.ContainsKey(e.From) && e.From != current.Id)
                .Select(e => byId[e.From])
                .OrderByDescending(u => u.EndMs).ThenBy(u => u.Id)
                .FirstOrDefault();
        }

        return path;
    }

    /// <summary>From the earlier to the later end of a unit's actual and planned bars.</summary>
    private static (double Start, double End) Span(PictureUnit u) =>
        u.PlannedStartMs is { } ps && u.PlannedEndMs is { } pe
            ? (Math.Min(u.StartMs!.Value, ps), Math.Max(u.EndMs!.Value, pe))
            : (u.StartMs!.Value, u.EndMs!.Value);

    private static string InstanceOf(PictureUnit u) => u.Instance switch
    {
        null => u.Region,
        var i when i.StartsWith(u.Region, StringComparison.Ordinal) => i, // instance ids already name their region
        var i => $"{u.Region} / {i}",
    };
}
