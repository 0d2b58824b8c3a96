using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Serverless.Contracts.Manifest;
using static Serverless.Splitting.Tests.Harness;

namespace Serverless.Splitting.Tests;

public class DataSourceAnalysisTests
{
    private const string Sources = """
        [DataSource("northeurope", Bytes = 200_000_000)]
        private static int[] Sales() => new int[] { 1, 2, 3 };

        [DataSource("eastus", Bytes = 50_000)]
        [DataSource("northeurope", Bytes = 1_000)]
        private static int[] Both() => new int[] { 4 };

        private static int Plain() => 1;
        """;

    private static string Reads(Segment s) => string.Join(",", s.DataReads.Select(d => $"{d.Region}:{d.Bytes}"));

    [Fact]
    public void Analyze_DirectCall_RecordsTheReadOnThatSegmentOnly()
    {
        var g = Ok("""
                    var a = Sales();
                    var b = a.Length + 1;
                    return b;
            """, returnType: "int", members: Sources);
        Assert.Equal(["northeurope:200000000", "", ""], g.Segments.Select(Reads));
        Assert.Empty(g.Diagnostics);
    }

    [Fact]
    public void Analyze_CallInsideIfAndLoop_RecordsTheReadOnceForTheWholeStatement()
    {
        var g = Ok("""
                    var t = 0;
                    if (t == 0) { t += Sales().Length; }
                    for (var i = 0; i < 3; i++) { t += Sales()[i] + Sales().Length; }
                    var l = new List<int> { 1 }.Select(x => Sales().Length).Sum();
                    return t + l;
            """, returnType: "int", members: Sources);
        Assert.Equal(["", "northeurope:200000000", "northeurope:200000000", "northeurope:200000000", ""], g.Segments.Select(Reads));
    }

    [Fact]
    public void Analyze_SeveralSources_SummedPerRegionAndSortedByRegion()
    {
        var g = Ok("""
                    var a = Sales().Length + Both().Length;
                    return a;
            """, returnType: "int", members: Sources);
        Assert.Equal("eastus:50000,northeurope:200001000", Reads(g.Segments[0]));
    }

    [Fact]
    public void Analyze_MethodGroupOfADataSource_CountsAsARead()
    {
        var g = Ok("""
                    Func<int[]> f = Sales;
                    Console.WriteLine(f().Length);
            """, members: Sources);
        Assert.Equal("northeurope:200000000", Reads(g.Segments[0]));
    }

    [Fact]
    public void Analyze_NoDataSource_NoReads()
    {
        var g = Ok("""
                    var a = Plain();
                    Console.WriteLine(a);
            """, members: Sources);
        Assert.All(g.Segments, s => Assert.Empty(s.DataReads));
    }

    [Fact]
    public void Analyze_DataSourceInAnotherCompilation_ReadFromAttributeMetadata()
    {
        var library = SplitAnalyzer.CreateCompilation([("Lib.cs", """
            using Serverless.Annotations;
            namespace Lib;
            public static class Store
            {
                [DataSource("eastus", Bytes = 123_456)]
                public static int[] Load(int n) => new int[n];
            }
            """)]).WithAssemblyName("DataLib");
        using var image = new MemoryStream();
        var emitted = library.Emit(image);
        Assert.True(emitted.Success, string.Join("; ", emitted.Diagnostics));
        var reference = MetadataReference.CreateFromImage(image.ToArray());

        var consumer = SplitAnalyzer.CreateCompilation([("App.cs", """
            using Serverless.Annotations;
            namespace App;
            public class C
            {
                [Splitable]
                public int M(int n)
                {
                    var data = Lib.Store.Load(n);
                    return data.Length;
                }
            }
            """)]).AddReferences(reference);
        Assert.Empty(consumer.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var g = Assert.Single(SplitAnalyzer.Analyze(consumer));
        Assert.Equal(["eastus:123456", ""], g.Segments.Select(Reads));
    }

    [Fact]
    public void Analyze_InvalidDataSource_Spl009AtTheCallNamingTheMethod()
    {
        const string body = """
                    var a = Empty().Length;
                    var b = Negative().Length;
                    Console.WriteLine(a + b);
            """;
        const string members = """
                [DataSource("", Bytes = 10)]
                private static int[] Empty() => new int[1];
                [DataSource("northeurope", Bytes = -5)]
                private static int[] Negative() => new int[1];
            """;
        var g = Analyze(body, members: members);
        var lines = Source(body, members: members).Split('\n');
        var first = Array.FindIndex(lines, l => l.Contains("var a = Empty()", StringComparison.Ordinal)) + 1;
        var ds = g.Diagnostics.Where(d => d.Id == "SPL009").OrderBy(d => d.Line).ToList();
        Assert.Equal(2, ds.Count);
        Assert.Equal(first, ds[0].Line);
        Assert.Contains("'Demo.C.Empty' has no region name", ds[0].Message, StringComparison.Ordinal);
        Assert.Equal(first + 1, ds[1].Line);
        Assert.Contains("'Demo.C.Negative' has Bytes = -5", ds[1].Message, StringComparison.Ordinal);
        Assert.All(g.Segments, s => Assert.Empty(s.DataReads));
    }

    [Fact]
    public void Manifest_DataReads_RoundTripAndLeftOutWhenEmpty()
    {
        var g = Ok("""
                    var a = Both();
                    Console.WriteLine(a.Length);
            """, members: Sources);
        var json = ManifestJson.Write([g]);
        Assert.Contains("\"dataReads\":[{\"region\":\"eastus\",\"bytes\":50000},{\"region\":\"northeurope\",\"bytes\":1000}]", json, StringComparison.Ordinal);
        Assert.Equal(1, json.Split("dataReads").Length - 1);
        var back = ManifestReader.Parse(json);
        Assert.Equal(g.Segments.Select(Reads), back.Segments.Select(Reads));
        Assert.Equal(json, ManifestJson.Write([back]));
    }
}
