using static Serverless.Splitting.Tests.Harness;

using Serverless.Contracts.Manifest;

namespace Serverless.Splitting.Tests;

public class DiagnosticTests
{
    private static SplitDiagnostic Single(SplitGraph g, string id)
    {
        var matching = g.Diagnostics.Where(d => d.Id == id).ToList();
        Assert.True(matching.Count == 1, $"expected one {id}, got: {string.Join(" | ", g.Diagnostics.Select(d => d.Id + " " + d.Message))}");
        return matching[0];
    }

    [Fact]
    public void Analyze_Iterator_Spl001AtYield()
    {
        var g = Analyze("""
            var a = x + 1;
            yield return a;
            """, "int x", "IEnumerable<int>");
        var d = Single(g, "SPL001");
        Assert.Equal(DiagnosticSeverityNames.Error, d.Severity);
        Assert.Equal(BodyFirstLine + 2, d.Line);
        Assert.Contains("yield", d.Message, StringComparison.Ordinal);
        Assert.False(g.IsSplittable);
    }

    [Fact]
    public void Analyze_IteratorLocalFunction_IsAllowed()
    {
        var g = Ok("""
            IEnumerable<int> Gen() { yield return 1; }
            """, "", "void");
        Assert.DoesNotContain(g.Diagnostics, d => d.Id == "SPL001");
    }

    [Theory]
    [InlineData("ref int x", "ref parameter 'x'")]
    [InlineData("out int x", "out parameter 'x'")]
    public void Analyze_RefOrOutParameter_Spl002(string parameters, string what)
    {
        var body = parameters.StartsWith("out", StringComparison.Ordinal) ? "x = 1;" : "x++;";
        var g = Analyze(body, parameters);
        var d = Single(g, "SPL002");
        Assert.StartsWith(what, d.Message, StringComparison.Ordinal);
        Assert.Equal(BodyFirstLine - 1, d.Line);
        Assert.False(g.IsSplittable);
    }

    [Fact]
    public void Analyze_RefLocal_Spl002()
    {
        var g = Analyze("""
            var arr = new int[3];
            ref var first = ref arr[0];
            first = 5;
            """);
        var d = Single(g, "SPL002");
        Assert.Equal(BodyFirstLine + 2, d.Line);
        Assert.Contains("ref local 'first'", d.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("unsafe { int* p = &x; *p = 2; }", "an unsafe block")]
    [InlineData("Span<int> s = stackalloc int[4]; s[0] = x;", "stackalloc")]
    public void Analyze_UnsafeCode_Spl003(string body, string what)
    {
        var g = Analyze(body, "int x");
        Assert.Contains(g.Diagnostics, d => d.Id == "SPL003" && d.Message.StartsWith(what, StringComparison.Ordinal) && d.Line == BodyFirstLine + 1);
        Assert.False(g.IsSplittable);
    }

    [Fact]
    public void Analyze_GotoAcrossSegments_Spl004()
    {
        var g = Analyze("""
            var i = 0;
            again: i++;
            if (i < 3) goto again;
            """);
        var d = Single(g, "SPL004");
        Assert.Equal(BodyFirstLine + 3, d.Line);
        Assert.Contains("'goto again' in segment 2 jumps to segment 1", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_GotoWithinOneSegment_IsAllowed()
    {
        var g = Ok("""
            var i = 0;
            { again: i++; if (i < 3) goto again; }
            """);
        Assert.DoesNotContain(g.Diagnostics, d => d.Id == "SPL004");
        Assert.True(g.IsSplittable);
    }

    [Theory]
    [InlineData("var t = Task.FromResult(x);", "var v = await t;", "System.Threading.Tasks.Task<int>")]
    [InlineData("var ms = new System.IO.MemoryStream();", "ms.WriteByte((byte)x);", "System.IO.MemoryStream")]
    [InlineData("var ct = new System.Threading.CancellationTokenSource();", "ct.Cancel();", "System.Threading.CancellationTokenSource")]
    [InlineData("ReadOnlySpan<char> span = \"abc\".AsSpan();", "Console.WriteLine(span.Length + x);", null)]
    public void Analyze_NonSerialisableCrossing_Spl005(string first, string second, string? type)
    {
        var g = Analyze(first + "\n" + second, "int x", "Task", modifiers: "public async");
        if (type is null)
        {
            // A ref struct local cannot even be captured across an await; the method is still rejected (SPL005/SPL008).
            Assert.Contains(g.Diagnostics, d => d.Id is "SPL005" or "SPL008");
            Assert.False(g.IsSplittable);
            return;
        }

        var d = Single(g, "SPL005");
        Assert.Equal(BodyFirstLine + 2, d.Line);
        Assert.Contains(type, d.Message, StringComparison.Ordinal);
        Assert.Contains("segment 0 and read in segment 1", d.Message, StringComparison.Ordinal);
        Assert.False(g.IsSplittable);
    }

    [Fact]
    public void Analyze_RefStructCrossing_Spl005()
    {
        var g = Analyze("""
            ReadOnlySpan<char> span = s.AsSpan();
            var n = span.Length;
            """, "string s", "int");
        var d = Single(g, "SPL005");
        Assert.Contains("ref struct", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_TaskAwaitedInSameStatement_IsFine()
    {
        var g = Ok("""
            var v = await Task.FromResult(x);
            return v;
            """, "int x", "Task<int>", modifiers: "public async");
        Assert.True(g.IsSplittable);
        Assert.Empty(g.Diagnostics);
    }

    [Fact]
    public void Analyze_LambdaDefinedInOneSegmentUsedInAnother_Spl006()
    {
        var g = Analyze("""
            Func<int, int> f = v => v + x;
            var y = f(2);
            """, "int x");
        var d = Single(g, "SPL006");
        Assert.Contains("lambda or delegate 'f'", d.Message, StringComparison.Ordinal);
        Assert.Equal(BodyFirstLine + 2, d.Line);
        Assert.False(g.IsSplittable);
    }

    [Fact]
    public void Analyze_TopLevelLocalFunctionUsedInAnotherSegment_Spl006()
    {
        var g = Analyze("""
            var y = Square(x);
            int Square(int v) => v * v;
            """, "int x");
        var d = Single(g, "SPL006");
        Assert.Contains("local function 'Square' is defined in segment 1 and used in segment 0", d.Message, StringComparison.Ordinal);
        Assert.Equal(BodyFirstLine + 1, d.Line);
    }

    [Fact]
    public void Analyze_AssignmentToFieldsAndStatics_Spl007WarningAndOrderEdges()
    {
        var g = Ok("""
            Field = x;
            var a = x + 1;
            Total += a;
            this.Field = a;
            s_items.Add(a);
            """, "int x", "void", "private static int Total; private static readonly List<int> s_items = new();");
        Assert.Equal(4, g.Diagnostics.Count(d => d.Id == "SPL007" && d.Severity == DiagnosticSeverityNames.Warning));
        Assert.Equal(["0->2 order[]", "1->2 data[a]", "1->3 data[a]", "1->4 data[a]", "2->3 order[]", "3->4 order[]"], Edges(g));
        Assert.True(g.IsSplittable);
        Assert.Contains("this.Field", g.Diagnostics[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_CallOnThisAndStaticMethod_AreNotOrderEdges()
    {
        var g = Ok("""
            Console.WriteLine(x);
            Helper();
            """, "int x", "void", "private void Helper() { }");
        Assert.Empty(g.Edges);
        Assert.Empty(g.Diagnostics);
    }

    [Fact]
    public void Analyze_CallOnStaticReadonlyInstanceThatWritesNothing_NoSpl007()
    {
        const string Members = """
            public sealed class Calculator { public int Factor = 2; public int Times(int v) => Scale(v) + Factor; private int Scale(int v) => v * Factor; public void Bump() => Factor++; public void BumpLater() => Bump(); }
            private static readonly Calculator s_calc = new();
            private readonly Calculator _calc = new();
            """;
        var g = Ok("""
            var y = s_calc.Times(x);
            var z = _calc.Times(y);
            return y + z;
            """, "int x", "int", Members);
        Assert.Empty(g.Diagnostics);
        Assert.Equal(["0->1 data[y]", "0->2 data[y]", "1->2 data[z]"], Edges(g));

        var bumped = Ok("""
            s_calc.BumpLater();
            _calc.Bump();
            return s_calc.Times(x);
            """, "int x", "int", Members);
        Assert.Equal(["SPL007", "SPL007"], DiagnosticIds(bumped));
        Assert.Contains("s_calc", bumped.Diagnostics[0].Message, StringComparison.Ordinal);
        Assert.Contains("this._calc", bumped.Diagnostics[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_SyntaxError_Spl008PerErrorAndNoThrow()
    {
        var g = Analyze("""
            var a = ;
            var b = a +;
            """, "int x");
        var errors = g.Diagnostics.Where(d => d.Id == "SPL008").ToList();
        Assert.True(errors.Count >= 2);
        Assert.Contains(errors, e => e.Line == BodyFirstLine + 1);
        Assert.Contains(errors, e => e.Line == BodyFirstLine + 2);
        Assert.All(errors, e => Assert.Matches("^C# error CS\\d{4}: ", e.Message));
        Assert.False(g.IsSplittable);
    }

    [Fact]
    public void Analyze_SemanticError_Spl008()
    {
        var g = Analyze("var a = undefinedName + 1;");
        var d = Single(g, "SPL008");
        Assert.Contains("CS0103", d.Message, StringComparison.Ordinal);
        Assert.Equal(BodyFirstLine + 1, d.Line);
    }

    [Fact]
    public void Analyze_InvalidResourceConstraint_Spl009()
    {
        var g = Analyze("Console.WriteLine(1);", attributes: "[Splitable, ResourceConstraint(MemoryMb = 64, TimeoutSeconds = 5000)]");
        var ds = g.Diagnostics.Where(d => d.Id == "SPL009").ToList();
        Assert.Equal(2, ds.Count);
        Assert.Contains(ds, d => d.Message.Contains("MemoryMb = 64", StringComparison.Ordinal));
        Assert.Contains(ds, d => d.Message.Contains("TimeoutSeconds = 5000", StringComparison.Ordinal));
        Assert.Null(g.Annotations.ResourceConstraint);
    }

    [Fact]
    public void Analyze_MethodWithoutBody_Spl010()
    {
        var src = """
            using Serverless.Annotations;
            namespace Demo;
            public abstract class A
            {
                [Splitable]
                public abstract int M(int x);
            }
            """;
        var g = Assert.Single(SplitAnalyzer.AnalyzeSources([("A.cs", src)]));
        Assert.Equal("SPL010", Assert.Single(g.Diagnostics).Id);
        Assert.Empty(g.Segments);
    }

    [Fact]
    public void AnalyzeSources_DeeplyNestedExpression_AnalysedOnLargeStack()
    {
        var expr = string.Concat(Enumerable.Repeat("(x + ", 3000)) + "1" + new string(')', 3000);
        var g = Assert.Single(SplitAnalyzer.AnalyzeSources([("Deep.cs", Source("var a = " + expr + ";\nreturn a;", "int x", "int"))]));
        Assert.Empty(g.Diagnostics);
        Assert.Equal(["x|a", "a|"], Rw(g));
    }

    [Fact]
    public void AnalyzeSources_NestingBeyondLimit_Spl011InsteadOfCrash()
    {
        var expr = string.Concat(Enumerable.Repeat("(x + ", 15000)) + "1" + new string(')', 15000);
        var g = Assert.Single(SplitAnalyzer.AnalyzeSources([("Deep.cs", Source("var a = " + expr + ";\nreturn a;", "int x", "int"))]));
        var d = Assert.Single(g.Diagnostics, d => d.Id == "SPL011");
        Assert.Contains("nested more than 20000 levels", d.Message, StringComparison.Ordinal);
        Assert.Equal(2, g.Segments.Count);
        Assert.False(g.IsSplittable);
    }

    [Fact]
    public void Analyze_CompilationNestedBeyondCallerStackLimit_Spl011()
    {
        var expr = string.Concat(Enumerable.Repeat("(x + ", 1500)) + "1" + new string(')', 1500);
        var compilation = SplitAnalyzer.CreateCompilation([("Deep.cs", Source("var a = " + expr + ";", "int x"))]);
        var g = Assert.Single(SplitAnalyzer.Analyze(compilation));
        Assert.Contains(g.Diagnostics, d => d.Id == "SPL011" && d.Message.Contains("2000 levels", StringComparison.Ordinal));
    }

    [Fact]
    public void Descriptors_IdsAreUniqueStableAndMessagesSayWhatToDo()
    {
        var all = SplitDiagnostics.All;
        Assert.Equal(all.Count, all.Select(d => d.Id).Distinct().Count());
        Assert.Equal(Enumerable.Range(1, all.Count).Select(i => $"SPL{i:000}"), all.Select(d => d.Id));
        Assert.All(all, d => Assert.Contains(d.Severity, new[] { DiagnosticSeverityNames.Error, DiagnosticSeverityNames.Warning }));
        Assert.All(all.Where(d => d.Id != "SPL009"), d => Assert.Matches("(instead|Fix|Use|use|Simplify|Define|Return|put|Move|move|Remove|remove)", d.MessageFormat));
    }
}
