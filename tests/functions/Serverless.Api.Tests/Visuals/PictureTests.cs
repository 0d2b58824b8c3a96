using System.Xml.Linq;
using CsCheck;
using Serverless.Api.Visuals;

namespace Serverless.Api.Tests.Visuals;

public class PictureTests
{
    private static readonly string[] Regions = ["westeurope", "north<&>\"europe", "eastus", "a\u0001b"];

    /// <summary>Random DAGs: units 0..n-1, edges only forward (i &lt; j), random regions, random timings or none.</summary>
    private static readonly Gen<ExecutionPicture> Pictures =
        from n in Gen.Int[1, 25]
        from regions in Gen.Int[0, Regions.Length - 1].Array[n]
        from timed in Gen.Bool.Array[n]
        from starts in Gen.Double[0, 1000].Array[n]
        from lengths in Gen.Double[0, 500].Array[n]
        from edgeSeeds in Gen.Int[0, 1000].Array[n * 2]
        select Build(n, regions, timed, starts, lengths, edgeSeeds);

    private static ExecutionPicture Build(int n, int[] regions, bool[] timed, double[] starts, double[] lengths, int[] seeds)
    {
        var units = Enumerable.Range(0, n).Select(i => new PictureUnit(
            i, [i, i + n], Regions[regions[i]], timed[i] ? "i" + (i % 3) : null,
            timed[i] ? starts[i] : null, timed[i] ? starts[i] + lengths[i] : null)).ToList();
        var edges = new List<PictureEdge>();
        for (var k = 0; k < seeds.Length && n > 1; k++)
        {
            var a = seeds[k] % n;
            var b = (seeds[k] / 7) % n;
            if (a < b)
            {
                edges.Add(new PictureEdge(a, b, k % 2 == 0 ? ["v" + k, "x<y>"] : []));
            }
        }

        return new ExecutionPicture("Demo.F<T>&\"x\"", units, edges);
    }

    private static void AssertEveryUnitOnce(string svg, ExecutionPicture p)
    {
        var doc = XDocument.Parse(svg);
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(ns + "svg", doc.Root!.Name);
        var ids = doc.Descendants(ns + "g").Where(g => (string?)g.Attribute("class") == "unit").Select(g => int.Parse((string)g.Attribute("data-unit")!, System.Globalization.CultureInfo.InvariantCulture)).Order().ToList();
        Assert.Equal(p.Units.Select(u => u.Id).Order().ToList(), ids);
    }

    [Fact]
    public void DagSvg_RandomDags_WellFormedWithEveryUnit()
        => Pictures.Sample(p => AssertEveryUnitOnce(DagSvg.Render(p), p), iter: 200);

    [Fact]
    public void GanttSvg_RandomTimelines_WellFormedWithEveryUnit()
        => Pictures.Sample(p => AssertEveryUnitOnce(GanttSvg.Render(p), p), iter: 200);

    [Fact]
    public void DagSvg_Layers_EdgeTargetsBelowSources()
        => Pictures.Sample(p =>
        {
            var layers = DagSvg.Layers(p);
            Assert.All(p.Edges, e => Assert.True(layers[e.To] > layers[e.From]));
        }, iter: 200);

    [Fact]
    public void GanttSvg_BarsAreOrderedByStart_WiderForLongerUnits()
    {
        var p = new ExecutionPicture("F", [new PictureUnit(0, [0], "r1", "i0", 0, 100), new PictureUnit(1, [1], "r2", "i0", 100, 400)], []);
        var doc = XDocument.Parse(GanttSvg.Render(p));
        XNamespace ns = "http://www.w3.org/2000/svg";
        var rects = doc.Descendants(ns + "g").Where(g => (string?)g.Attribute("class") == "unit")
            .Select(g => g.Element(ns + "rect")!).ToList();
        double Attr(XElement e, string n) => double.Parse((string)e.Attribute(n)!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(Attr(rects[0], "x") < Attr(rects[1], "x"));
        Assert.Equal(3.0, Attr(rects[1], "width") / Attr(rects[0], "width"), 1);
        Assert.NotEqual((string?)rects[0].Attribute("fill"), (string?)rects[1].Attribute("fill"));
    }

    [Fact]
    public void MermaidGraph_RandomDags_OneNodePerUnitAndEdge()
        => Pictures.Sample(p =>
        {
            var text = MermaidGraph.Render(p);
            var lines = text.Split('\n');
            Assert.Equal("flowchart TD", lines[0]);
            foreach (var u in p.Units)
            {
                Assert.Single(lines, l => l.StartsWith($"  u{u.Id}[", StringComparison.Ordinal));
            }

            Assert.Equal(p.Edges.Count, lines.Count(l => l.Contains("-->", StringComparison.Ordinal) || l.Contains("-.->", StringComparison.Ordinal)));
            Assert.DoesNotContain(lines.Skip(1), l => l.Contains('"') && l.Count(c => c == '"') != 2);
        }, iter: 200);

    private static readonly XNamespace Ns = "http://www.w3.org/2000/svg";

    private static double Num(XElement e, string name) => double.Parse((string)e.Attribute(name)!, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Random DAGs whose edges carry long lists of long variable names, many per gap.</summary>
    private static readonly Gen<ExecutionPicture> Crowded =
        from p in Pictures
        from names in Gen.String[Gen.Char['a', 'z'], 1, 30].Array[1, 12]
        select p with { Edges = [.. p.Edges.Select((e, i) => e with { Variables = i % 3 == 2 ? [] : [.. names.Skip(i % names.Length)] })] };

    [Fact]
    public void DagSvg_EdgeLabels_NeverOverlapEachOtherOrAUnit_AndKeepTheWholeListAsATooltip()
        => Crowded.Sample(p =>
        {
            var doc = XDocument.Parse(DagSvg.Render(p));
            var labels = doc.Descendants(Ns + "text").Where(t => (string?)t.Attribute("class") == "edge-label")
                .Select(t => (X: Num(t, "x"), Y: Num(t, "y") - 10, W: Num(t, "textLength"), H: 12.0, Title: t.Element(Ns + "title")!.Value)).ToList();
            var boxes = doc.Descendants(Ns + "g").Where(g => (string?)g.Attribute("class") == "unit").Select(g => g.Element(Ns + "rect")!)
                .Select(r => (X: Num(r, "x"), Y: Num(r, "y"), W: Num(r, "width"), H: Num(r, "height"))).ToList();
            static bool Overlap((double X, double Y, double W, double H) a, (double X, double Y, double W, double H) b)
                => a.X < b.X + b.W && b.X < a.X + a.W && a.Y < b.Y + b.H && b.Y < a.Y + a.H;
            for (var i = 0; i < labels.Count; i++)
            {
                for (var j = i + 1; j < labels.Count; j++)
                {
                    Assert.False(Overlap((labels[i].X, labels[i].Y, labels[i].W, labels[i].H), (labels[j].X, labels[j].Y, labels[j].W, labels[j].H)), $"labels '{labels[i].Title}' and '{labels[j].Title}' overlap");
                }

                Assert.All(boxes, b => Assert.False(Overlap((labels[i].X, labels[i].Y, labels[i].W, labels[i].H), b), $"label '{labels[i].Title}' overlaps a unit"));
            }

            var expected = p.Edges.Where(e => e.Variables.Count > 0 && e.From != e.To).Select(e => string.Join(", ", e.Variables)).Order(StringComparer.Ordinal);
            Assert.Equal(expected, labels.Select(l => l.Title).Order(StringComparer.Ordinal));
        }, iter: 200);

    /// <summary>Random timelines in which many units run at once on few instances.</summary>
    private static readonly Gen<ExecutionPicture> Busy =
        from n in Gen.Int[1, 30]
        from instances in Gen.Int[0, 2].Array[n]
        from gaps in Gen.Double[0, 300].Array[n]
        from lengths in Gen.Double[0.5, 700].Array[n]
        from planned in Gen.Bool.Array[n]
        from shifts in Gen.Double[-300, 300].Array[n]
        from factors in Gen.Double[0.2, 3].Array[n]
        select Tree(n, instances, gaps, lengths, planned, shifts, factors);

    /// <summary>
    /// A binary tree of units (unit i depends on (i-1)/2), each starting after its predecessor ended; some with a planned
    /// schedule shifted and stretched against the actual one.
    /// </summary>
    private static ExecutionPicture Tree(int n, int[] instances, double[] gaps, double[] lengths, bool[] planned, double[] shifts, double[] factors)
    {
        var start = new double[n];
        for (var i = 0; i < n; i++)
        {
            start[i] = (i == 0 ? 0 : start[(i - 1) / 2] + lengths[(i - 1) / 2]) + gaps[i];
        }

        return new ExecutionPicture(
            "F",
            [.. Enumerable.Range(0, n).Select(i => new PictureUnit(i, [i], Regions[instances[i] % 2], "i" + instances[i], start[i], start[i] + lengths[i])
            {
                PlannedStartMs = planned[i] ? Math.Max(0, start[i] + shifts[i]) : null,
                PlannedEndMs = planned[i] ? Math.Max(0, start[i] + shifts[i]) + (lengths[i] * factors[i]) : null,
            })],
            [.. Enumerable.Range(1, Math.Max(0, n - 1)).Select(i => new PictureEdge((i - 1) / 2, i, []))]);
    }

    [Fact]
    public void GanttSvg_NoTwoBarsOfALaneOverlap_TicksAreRound_AndTheCriticalPathIsAChainToTheLastUnit()
        => Busy.Sample(p =>
        {
            var doc = XDocument.Parse(GanttSvg.Render(p));
            var bars = doc.Descendants(Ns + "g").Where(g => (string?)g.Attribute("class") == "unit" && g.Attribute("data-lane") is not null)
                .Select(g => (Unit: (int)Num(g, "data-unit"), Lane: (int)Num(g, "data-lane"), Start: Num(g, "data-start"), End: Num(g, "data-end"), Critical: (string?)g.Attribute("data-critical") == "true"))
                .ToList();
            Assert.Equal(p.Units.Count, bars.Count);
            foreach (var lane in bars.GroupBy(b => b.Lane))
            {
                var ordered = lane.OrderBy(b => b.Start).ToList();
                for (var i = 1; i < ordered.Count; i++)
                {
                    Assert.True(ordered[i].Start >= ordered[i - 1].End - 0.01, $"units {ordered[i - 1].Unit} and {ordered[i].Unit} overlap in lane {lane.Key}");
                }

                // A lane holds units of one instance only.
                Assert.Single(lane.Select(b => p.Units.Single(u => u.Id == b.Unit).Instance).Distinct());
            }

            // Each planned unit has one planned bar, in its unit's lane, with its planned times; no bar of a lane,
            // planned or actual, overlaps a bar of another unit.
            var plannedBars = doc.Descendants(Ns + "g").Where(g => (string?)g.Attribute("class") == "planned")
                .Select(g => (Unit: (int)Num(g, "data-unit"), Lane: (int)Num(g, "data-lane"), Start: Num(g, "data-start"), End: Num(g, "data-end")))
                .ToList();
            Assert.Equal(p.Units.Where(u => u.PlannedStartMs is not null).Select(u => u.Id).Order(), plannedBars.Select(b => b.Unit).Order());
            foreach (var b in plannedBars)
            {
                var u = p.Units.Single(x => x.Id == b.Unit);
                Assert.Equal(bars.Single(x => x.Unit == b.Unit).Lane, b.Lane);
                Assert.Equal(u.PlannedStartMs!.Value, b.Start, 2);
                Assert.Equal(u.PlannedEndMs!.Value, b.End, 2);
            }

            foreach (var lane in bars.Select(b => (b.Unit, b.Lane, b.Start, b.End)).Concat(plannedBars).GroupBy(b => b.Lane))
            {
                var spans = lane.GroupBy(b => b.Unit).Select(g => (Unit: g.Key, Start: g.Min(b => b.Start), End: g.Max(b => b.End))).OrderBy(x => x.Start).ToList();
                for (var i = 1; i < spans.Count; i++)
                {
                    Assert.True(spans[i].Start >= spans[i - 1].End - 0.01, $"bars of units {spans[i - 1].Unit} and {spans[i].Unit} overlap in lane {lane.Key} (planned or actual)");
                }
            }

            var legend = doc.Descendants(Ns + "g").Where(g => (string?)g.Attribute("class") == "legend").Select(g => g.Value).ToList();
            Assert.Equal(plannedBars.Count > 0, legend.Any(l => l.StartsWith("planned", StringComparison.Ordinal)));

            var ticks = doc.Descendants(Ns + "text").Where(t => (string?)t.Attribute("class") == "tick").Select(t => Num(t, "data-value")).ToList();
            Assert.InRange(ticks.Count, 2, 9);
            var step = ticks[1] - ticks[0];
            var mantissa = step / Math.Pow(10, Math.Floor(Math.Log10(step)));
            Assert.Contains(Math.Round(mantissa, 6), new[] { 1.0, 2.0, 5.0 });
            Assert.All(ticks, t => Assert.Equal(0, Math.Abs(Math.Round(t / step) - (t / step)), 6));
            Assert.True(ticks[^1] >= p.Units.Max(u => Math.Max(u.EndMs!.Value, u.PlannedEndMs ?? 0)) - p.Units.Min(u => Math.Min(u.StartMs!.Value, u.PlannedStartMs ?? double.MaxValue)) - 0.01);

            // The critical path: a chain from a unit without predecessors to the unit that ended last, each step back
            // to the predecessor that ended last.
            var end = p.Units.ToDictionary(u => u.Id, u => u.EndMs!.Value);
            var path = bars.Where(b => b.Critical).Select(b => b.Unit).OrderByDescending(id => end[id]).ThenBy(id => id).ToList();
            Assert.Equal(p.Units.OrderByDescending(u => u.EndMs).ThenBy(u => u.Id).First().Id, path[0]);
            for (var i = 0; i < path.Count; i++)
            {
                var preds = p.Edges.Where(e => e.To == path[i]).Select(e => e.From).ToList();
                if (i == path.Count - 1)
                {
                    Assert.Empty(preds);
                }
                else
                {
                    Assert.Equal(preds.OrderByDescending(x => end[x]).ThenBy(x => x).First(), path[i + 1]);
                }
            }
        }, iter: 200);
}
