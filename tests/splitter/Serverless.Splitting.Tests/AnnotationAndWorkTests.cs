using static Serverless.Splitting.Tests.Harness;

using Serverless.Contracts.Manifest;

namespace Serverless.Splitting.Tests;

public class AnnotationAndWorkTests
{
    [Fact]
    public void Analyze_Annotations_ReadFromAttributes()
    {
        var g = Analyze("Console.WriteLine(1);", attributes: "[Splitable, GeoPreference(\"westeurope\", \"northeurope\", Strict = true), ResourceConstraint(MemoryMb = 2048)]");
        Assert.Equal(new[] { "westeurope", "northeurope" }, g.Annotations.GeoPreference!.Regions);
        Assert.True(g.Annotations.GeoPreference.Strict);
        Assert.Equal(new ResourceConstraintInfo(2048, 300), g.Annotations.ResourceConstraint);
        Assert.Empty(g.Diagnostics);
    }

    [Fact]
    public void Analyze_NoAnnotations_MembersNull()
    {
        var g = Ok("Console.WriteLine(1);");
        Assert.Null(g.Annotations.GeoPreference);
        Assert.Null(g.Annotations.ResourceConstraint);
    }

    [Fact]
    public void Analyze_MethodWithoutSplitable_IsNotReported()
    {
        var graphs = SplitAnalyzer.AnalyzeSources([("N.cs", Source("Console.WriteLine(1);", attributes: "[Obsolete]"))]);
        Assert.Empty(graphs);
    }

    private static readonly string[] Pieces =
    [
        "a = b + 1;", "Console.WriteLine(a);", "b += a * 2;", "Console.WriteLine(a.ToString());", "l.Add(a);",
        "if (a > b) { a = b; }", "a = l.Where(x => x > 1).Sum();", "for (var i = 0; i < 3; i++) { b += i; }",
        "try { a = checked(a * b); } catch (OverflowException) { a = 0; }", "a = Helper(b);",
    ];

    [Fact]
    public void Analyze_Work_AddingCodeNeverLowersItAndLoopsWeighMore()
    {
        var rng = new Random(5);
        for (var round = 0; round < 30; round++)
        {
            var s = Enumerable.Range(0, rng.Next(1, 6)).Select(_ => Pieces[rng.Next(Pieces.Length)]).ToList();
            var extra = Pieces[rng.Next(Pieces.Length)];
            var body = $$"""
                { {{string.Join(" ", s)}} }
                { {{string.Join(" ", s)}} {{extra}} }
                for (var k = 0; k < 3; k++) { {{string.Join(" ", s)}} }
                """;
            var g = Ok(body, "int a, int b, List<int> l", "void", "private static int Helper(int v) => v;");
            Assert.True(g.Segments[1].Work >= g.Segments[0].Work, $"{string.Join(" ", s)} + {extra}");
            Assert.True(g.Segments[2].Work > g.Segments[0].Work, string.Join(" ", s));
            Assert.All(g.Segments, x => Assert.True(x.Work > 0));
        }
    }

    [Fact]
    public void Analyze_Work_AwaitAndSplitableCallsCount()
    {
        var src = Source("""
            var a = x + 1;
            var b = await Task.FromResult(a);
            var c = Other(a);
            """, "int x", "Task", "[Splitable] public static int Other(int v) => v;", "public async");
        var g = SplitAnalyzer.AnalyzeSources([("W.cs", src)]).Single(x => x.Function == "Demo.C.M");
        Assert.Empty(g.Diagnostics);
        Assert.True(g.Segments[1].Work >= 1.0);
        Assert.True(g.Segments[2].Work >= 10.0);
        Assert.True(g.Segments[0].Work < 1.0);
    }
}
