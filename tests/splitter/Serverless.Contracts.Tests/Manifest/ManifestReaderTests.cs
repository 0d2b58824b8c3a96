using CsCheck;
using Serverless.Contracts.Manifest;

namespace Serverless.Contracts.Tests.Manifest;

public class ManifestReaderTests
{
    private static readonly Gen<string> Name = Gen.String[Gen.Char['a', 'z'], 1, 6];

    // Any text a C# identifier, type or diagnostic message may hold, escapes and non-ASCII included.
    private static readonly Gen<string> Text = Gen.OneOf(Name, Gen.String[Gen.Char.AlphaNumeric, 0, 8], Gen.OneOfConst("a\"b", "back\\slash", "line\nbreak", "tab\t", "é€😀", "<T>", ""));

    private static readonly Gen<SplitGraph> Graphs =
        from function in Text
        from parameters in Gen.Select(Name, Text, (n, t) => new SplitParameter(n, t)).List[0, 3]
        from returnType in Text
        from geo in Gen.Select(Name.List[0, 3], Gen.Bool, (r, s) => new GeoPreferenceInfo(r, s)).Null()
        from rc in Gen.Select(Gen.Int[0, 10_000], Gen.Int[0, 600], (m, t) => new ResourceConstraintInfo(m, t)).Null()
        from n in Gen.Int[0, 5]
        from segments in Gen.Select(Gen.Int[1, 500], Gen.Int[0, 9], Name.List[0, 3], Name.List[0, 3], Gen.Double[0, 1e6], (l, len, r, w, work) => (l, len, r, w, work)).Array[n]
        from dataReads in Gen.Select(Text, Gen.Long[0, long.MaxValue], (r, b) => new DataRead(r, b)).List[0, 2].Array[n]
        from edges in Gen.Select(Gen.Int[0, Math.Max(0, n - 1)], Gen.Int[0, Math.Max(0, n - 1)], Gen.OneOfConst(EdgeKinds.Data, EdgeKinds.Control, EdgeKinds.Order), Name.List[0, 3], (f, t, k, v) => new SegmentEdge(f, t, k, v)).List[0, n == 0 ? 0 : 4]
        from diagnostics in Gen.Select(Gen.Int[0, 99], Gen.OneOfConst(DiagnosticSeverityNames.Error, DiagnosticSeverityNames.Warning), Gen.Int[0, 900], Text, (i, s, l, m) => new SplitDiagnostic("SPL" + i.ToString("000", System.Globalization.CultureInfo.InvariantCulture), s, l, m)).List[0, 3]
        select new SplitGraph
        {
            Function = function,
            Parameters = parameters,
            ReturnType = returnType,
            Annotations = new SplitAnnotations(geo, rc),
            Segments = [.. segments.Select((s, i) => new Segment(i, s.l, s.l + s.len, s.r, s.w, s.work) { DataReads = dataReads[i] })],
            Edges = [.. edges.OrderBy(e => e.From).ThenBy(e => e.To).ThenBy(e => e.Kind, StringComparer.Ordinal)],
            Diagnostics = diagnostics,
        };

    [Fact]
    public void Parse_WrittenManifest_RoundTripsEveryMember()
    {
        Graphs.Sample(g =>
        {
            foreach (var indented in new[] { false, true })
            {
                AssertSame(g, ManifestReader.Parse(ManifestJson.Write([g], indented)));
            }
        });
    }

    [Fact]
    public void ParseAll_WrittenManifest_ReadsEveryFunctionInOrder()
    {
        Graphs.List[0, 4].Sample(gs =>
        {
            var read = ManifestReader.ParseAll(ManifestJson.Write(gs));
            Assert.Equal(gs.Count, read.Count);
            for (var i = 0; i < gs.Count; i++)
            {
                AssertSame(gs[i], read[i]);
            }
        });
    }

    [Fact]
    public void Parse_OneFunctionObject_SameAsTheFunctionsArray()
    {
        Graphs.Sample(g =>
        {
            var whole = ManifestJson.Write([g]);
            var single = whole.Substring("{\"functions\":[".Length, whole.Length - "{\"functions\":[".Length - "]}".Length);
            AssertSame(g, ManifestReader.Parse(single));
        });
    }

    [Fact]
    public void Parse_WithoutOptionalMembers_TakesTheDefaults()
    {
        var g = ManifestReader.Parse("""{"function":"F","segments":[{"id":0},{"id":1,"reads":["x"]}],"edges":[{"from":0,"to":1}]}""");
        Assert.Equal("F", g.Function);
        Assert.Empty(g.Parameters);
        Assert.Equal("void", g.ReturnType);
        Assert.Null(g.Annotations.GeoPreference);
        Assert.Null(g.Annotations.ResourceConstraint);
        Assert.Empty(g.Diagnostics);
        Assert.True(g.IsSplittable);
        Assert.Equal((0, 0, 1.0), (g.Segments[0].StartLine, g.Segments[0].EndLine, g.Segments[0].Work));
        Assert.Empty(g.Segments[0].Reads);
        Assert.Empty(g.Segments[0].Writes);
        Assert.Empty(g.Segments[0].DataReads);
        Assert.Equal(["x"], g.Segments[1].Reads);
        Assert.Equal(EdgeKinds.Data, g.Edges[0].Kind);
        Assert.Empty(g.Edges[0].Variables);
        Assert.Empty(g.Variables);
    }

    [Fact]
    public void Parse_DataReads_ReadWithBytesDefaultingToZero()
    {
        var g = ManifestReader.Parse("""{"function":"F","segments":[{"id":0,"dataReads":[{"region":"northeurope","bytes":200000000},{"region":"eastus"}]}],"edges":[]}""");
        Assert.Equal([new DataRead("northeurope", 200_000_000), new DataRead("eastus", 0)], g.Segments[0].DataReads);
    }

    [Fact]
    public void Parse_DataReadWithoutRegion_NamesIt()
    {
        var ex = Assert.Throws<FormatException>(() => ManifestReader.Parse("""{"function":"F","segments":[{"id":0,"dataReads":[{"bytes":1}]}],"edges":[]}"""));
        Assert.Contains("\"region\"", ex.Message, StringComparison.Ordinal);
        Assert.Contains("a data read", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NullAnnotationsAndMissingDiagnosticFields_AreDefaults()
    {
        var g = ManifestReader.Parse("""{"function":"F","annotations":{"geoPreference":null,"resourceConstraint":null},"segments":[],"edges":[],"diagnostics":[{"id":"SPL001","severity":"error"}]}""");
        Assert.Equal(SplitAnnotations.None, g.Annotations);
        Assert.Equal(new SplitDiagnostic("SPL001", "error", 0, string.Empty), g.Diagnostics[0]);
        Assert.False(g.IsSplittable);
    }

    [Fact]
    public void Parse_UnknownMembers_AreIgnoredAtEveryLevel()
    {
        Graphs.Sample(g =>
        {
            var json = ManifestJson.Write([g])
                .Replace("{\"function\":", "{\"schema\":2,\"function\":", StringComparison.Ordinal)
                .Replace("{\"id\":", "{\"future\":{\"a\":[1,2]},\"id\":", StringComparison.Ordinal)
                .Replace("{\"from\":", "{\"weight\":0.5,\"from\":", StringComparison.Ordinal)
                .Replace("{\"name\":", "{\"nullable\":true,\"name\":", StringComparison.Ordinal)
                .Replace("{\"functions\":", "{\"version\":\"x\",\"functions\":", StringComparison.Ordinal);
            AssertSame(g, ManifestReader.Parse(json));
        });
    }

    [Theory]
    [InlineData("""{"segments":[],"edges":[]}""", "\"function\"")]
    [InlineData("""{"function":"F","segments":[{"reads":[]}],"edges":[]}""", "\"id\"")]
    [InlineData("""{"function":"F","segments":[],"edges":[{"to":1}]}""", "\"from\"")]
    [InlineData("""{"function":"F","segments":[],"edges":[],"diagnostics":[{"id":"SPL001"}]}""", "\"severity\"")]
    [InlineData("""{"function":"F","parameters":[{"name":"x"}],"segments":[],"edges":[]}""", "\"type\"")]
    [InlineData("""{"functions":[]}""", "empty")]
    [InlineData("[1]", "object")]
    public void Parse_MissingRequiredMember_NamesIt(string json, string named)
    {
        var ex = Assert.Throws<FormatException>(() => ManifestReader.Parse(json));
        Assert.Contains(named, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Producer_IsTheSourceOfTheDataEdgeCarryingTheVariable()
    {
        Graphs.Sample(g =>
        {
            foreach (var s in g.Segments)
            {
                foreach (var v in s.Reads)
                {
                    var expected = g.Edges.FirstOrDefault(e => e.To == s.Id && e.Kind == EdgeKinds.Data && e.Variables.Contains(v));
                    Assert.Equal(expected?.From, g.Producer(s.Id, v));
                }
            }
        });
    }

    private static void AssertSame(SplitGraph expected, SplitGraph actual)
    {
        Assert.Equal(expected.Function, actual.Function);
        Assert.Equal(expected.Parameters, actual.Parameters);
        Assert.Equal(expected.ReturnType, actual.ReturnType);
        Assert.Equal(expected.Annotations.GeoPreference?.Regions, actual.Annotations.GeoPreference?.Regions);
        Assert.Equal(expected.Annotations.GeoPreference?.Strict, actual.Annotations.GeoPreference?.Strict);
        Assert.Equal(expected.Annotations.ResourceConstraint, actual.Annotations.ResourceConstraint);
        Assert.Equal(expected.Segments.Count, actual.Segments.Count);
        for (var i = 0; i < expected.Segments.Count; i++)
        {
            var (e, a) = (expected.Segments[i], actual.Segments[i]);
            Assert.Equal((e.Id, e.StartLine, e.EndLine, e.Work), (a.Id, a.StartLine, a.EndLine, a.Work));
            Assert.Equal(e.Reads, a.Reads);
            Assert.Equal(e.Writes, a.Writes);
            Assert.Equal(e.DataReads, a.DataReads);
        }

        Assert.Equal(expected.Edges.Count, actual.Edges.Count);
        for (var i = 0; i < expected.Edges.Count; i++)
        {
            var (e, a) = (expected.Edges[i], actual.Edges[i]);
            Assert.Equal((e.From, e.To, e.Kind), (a.From, a.To, a.Kind));
            Assert.Equal(e.Variables, a.Variables);
        }

        Assert.Equal(expected.Diagnostics, actual.Diagnostics);
        Assert.Equal(expected.IsSplittable, actual.IsSplittable);
    }
}
