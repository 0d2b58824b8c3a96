using System.Text;

namespace Serverless.Api.Visuals;

/// <summary>
/// Draws the split DAG: one box per unit (its segments), coloured by region, laid out in layers by longest path
/// from the sources; arrows carry the variables they move, each label on a row of its own in the gap below its source
/// (so labels never overlap; long lists are shortened, with the whole list as a tooltip). Every unit is an element with
/// <c>data-unit</c>, every label a <c>text.edge-label</c> whose <c>textLength</c> is its width.
/// </summary>
public static class DagSvg
{
    private const double BoxWidth = 150;
    private const double BoxHeight = 48;
    private const double LayerGap = 90;
    private const double ColumnGap = 30;
    private const double Margin = 20;
    private const double LegendHeight = 28;
    private const double LabelRow = 14;
    private const double LabelCharWidth = 5.6;
    private const int MaxLabelChars = 26;
    private const int MaxBoxChars = 24;

    public static string Render(ExecutionPicture picture)
    {
        ArgumentNullException.ThrowIfNull(picture);
        var layers = Layers(picture);
        var colours = Palette.For(picture.Units.Select(u => u.Region));
        var byLayer = picture.Units.GroupBy(u => layers[u.Id]).OrderBy(g => g.Key).ToList();
        var maxPerLayer = byLayer.Count == 0 ? 1 : byLayer.Max(g => g.Count());
        var width = Math.Max(360, (2 * Margin) + (maxPerLayer * (BoxWidth + ColumnGap)));

        // Every labelled edge gets a row of its own in the gap below its source's layer, so no two labels can overlap;
        // a gap grows with the labels it holds.
        var known = picture.Units.Select(u => u.Id).ToHashSet();
        var labelled = picture.Edges.Where(e => e.Variables.Count > 0 && known.Contains(e.From) && known.Contains(e.To) && e.From != e.To).ToList();
        var rowsInGap = labelled.GroupBy(e => layers[e.From]).ToDictionary(g => g.Key, g => g.Count());
        double Gap(int layer) => Math.Max(LayerGap, 16 + (LabelRow * (rowsInGap.GetValueOrDefault(layer) + 1)));
        var top = new Dictionary<int, double>();
        var y0 = Margin + LegendHeight;
        foreach (var layer in byLayer)
        {
            top[layer.Key] = y0;
            y0 += BoxHeight + Gap(layer.Key);
        }

        var height = y0 - Gap(byLayer.Count == 0 ? 0 : byLayer[^1].Key) + BoxHeight + Margin;

        var pos = new Dictionary<int, (double X, double Y)>();
        foreach (var layer in byLayer)
        {
            var units = layer.OrderBy(u => u.Id).ToList();
            var rowWidth = (units.Count * (BoxWidth + ColumnGap)) - ColumnGap;
            var x0 = (width - rowWidth) / 2;
            for (var i = 0; i < units.Count; i++)
            {
                pos[units[i].Id] = (x0 + (i * (BoxWidth + ColumnGap)), top[layer.Key]);
            }
        }

        var rowOf = new Dictionary<PictureEdge, int>(ReferenceEqualityComparer.Instance);
        foreach (var gap in labelled.GroupBy(e => layers[e.From]))
        {
            var k = 0;
            foreach (var e in gap.OrderBy(e => pos[e.From].X).ThenBy(e => pos[e.To].X))
            {
                rowOf[e] = k++;
            }
        }

        var sb = new StringBuilder();
        sb.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").Append(Svg.N(width)).Append("\" height=\"").Append(Svg.N(height))
          .Append("\" viewBox=\"0 0 ").Append(Svg.N(width)).Append(' ').Append(Svg.N(height)).Append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
        sb.Append("<title>").Append(Svg.Escape(picture.Function)).Append(" — split DAG</title>\n");
        sb.Append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#555\"/></marker></defs>\n");
        sb.Append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");

        var lx = Margin;
        foreach (var (region, colour) in colours)
        {
            sb.Append("<rect x=\"").Append(Svg.N(lx)).Append("\" y=\"").Append(Svg.N(Margin - 6)).Append("\" width=\"14\" height=\"14\" fill=\"").Append(colour).Append("\"/>");
            sb.Append("<text x=\"").Append(Svg.N(lx + 18)).Append("\" y=\"").Append(Svg.N(Margin + 6)).Append("\">").Append(Svg.Escape(region)).Append("</text>\n");
            lx += 30 + (7 * region.Length);
        }

        foreach (var e in picture.Edges)
        {
            if (!pos.TryGetValue(e.From, out var a) || !pos.TryGetValue(e.To, out var b))
            {
                continue;
            }

            var x1 = a.X + (BoxWidth / 2);
            var y1 = a.Y + BoxHeight;
            var x2 = b.X + (BoxWidth / 2);
            var y2 = b.Y;
            sb.Append("<g class=\"edge\" data-from=\"").Append(e.From).Append("\" data-to=\"").Append(e.To).Append("\">");
            sb.Append("<line x1=\"").Append(Svg.N(x1)).Append("\" y1=\"").Append(Svg.N(y1)).Append("\" x2=\"").Append(Svg.N(x2)).Append("\" y2=\"").Append(Svg.N(y2))
              .Append("\" stroke=\"#555\" stroke-width=\"1.4\" marker-end=\"url(#arrow)\"");
            if (e.Variables.Count == 0)
            {
                sb.Append(" stroke-dasharray=\"4 3\"");
            }

            sb.Append("/>");
            if (rowOf.TryGetValue(e, out var row))
            {
                // On its own row of the gap, where the line crosses it; long lists are shortened, the tooltip has all.
                var full = string.Join(", ", e.Variables);
                var text = full.Length <= MaxLabelChars ? full : full[..(MaxLabelChars - 1)] + "…";
                var labelWidth = text.Length * LabelCharWidth;
                var ly = y1 + (LabelRow * (row + 1));
                var t = Math.Abs(y2 - y1) < 1e-9 ? 0.5 : (ly - y1) / (y2 - y1);
                var labelX = Math.Clamp(x1 + ((x2 - x1) * t) + 4, Margin, width - Margin - labelWidth);
                sb.Append("<text class=\"edge-label\" x=\"").Append(Svg.N(labelX)).Append("\" y=\"").Append(Svg.N(ly)).Append("\" textLength=\"").Append(Svg.N(labelWidth))
                  .Append("\" lengthAdjust=\"spacingAndGlyphs\" fill=\"#333\" font-size=\"10\" paint-order=\"stroke\" stroke=\"white\" stroke-width=\"3\"><title>")
                  .Append(Svg.Escape(full)).Append("</title>").Append(Svg.Escape(text)).Append("</text>");
            }

            sb.Append("</g>\n");
        }

        foreach (var u in picture.Units.OrderBy(u => u.Id))
        {
            var (x, y) = pos[u.Id];
            sb.Append("<g class=\"unit\" data-unit=\"").Append(u.Id).Append("\" data-region=\"").Append(Svg.Escape(u.Region)).Append("\">");
            sb.Append("<rect x=\"").Append(Svg.N(x)).Append("\" y=\"").Append(Svg.N(y)).Append("\" rx=\"8\" width=\"").Append(Svg.N(BoxWidth)).Append("\" height=\"").Append(Svg.N(BoxHeight))
              .Append("\" fill=\"").Append(colours[u.Region]).Append("\" fill-opacity=\"0.85\" stroke=\"#222\"/>");
            sb.Append("<text x=\"").Append(Svg.N(x + (BoxWidth / 2))).Append("\" y=\"").Append(Svg.N(y + 20)).Append("\" text-anchor=\"middle\" fill=\"white\" font-weight=\"bold\">unit ").Append(u.Id).Append("</text>");
            var caption = Svg.SegmentsLabel(u.Segments) + " · " + u.Region;
            var shown = caption.Length <= MaxBoxChars ? caption : caption[..(MaxBoxChars - 1)] + "…";
            sb.Append("<title>unit ").Append(u.Id).Append(": ").Append(Svg.Escape(caption)).Append("</title>");
            sb.Append("<text x=\"").Append(Svg.N(x + (BoxWidth / 2))).Append("\" y=\"").Append(Svg.N(y + 37)).Append("\" text-anchor=\"middle\" fill=\"white\">")
              .Append(Svg.Escape(shown)).Append("</text>");
            sb.Append("</g>\n");
        }

        sb.Append("</svg>\n");
        return sb.ToString();
    }

    /// <summary>Layer of each unit = length of the longest edge path from a source (edges that point backwards are ignored).</summary>
    public static IReadOnlyDictionary<int, int> Layers(ExecutionPicture picture)
    {
        var layer = picture.Units.ToDictionary(u => u.Id, _ => 0);
        var incoming = picture.Edges.Where(e => layer.ContainsKey(e.From) && layer.ContainsKey(e.To) && e.From != e.To)
            .GroupBy(e => e.To).ToDictionary(g => g.Key, g => g.Select(e => e.From).ToList());
        var state = new Dictionary<int, int>(); // 1 visiting, 2 done
        int Visit(int id)
        {
            if (state.TryGetValue(id, out var s))
            {
                return s == 2 ? layer[id] : 0; // a cycle (invalid plan) is cut here
            }

            state[id] = 1;
            var l = 0;
            if (incoming.TryGetValue(id, out var preds))
            {
                foreach (var p in preds)
                {
                    l = Math.Max(l, Visit(p) + 1);
                }
            }

            layer[id] = l;
            state[id] = 2;
            return l;
        }

        foreach (var u in picture.Units)
        {
            Visit(u.Id);
        }

        return layer;
    }
}
