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
}
