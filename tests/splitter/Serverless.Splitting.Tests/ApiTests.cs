using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Serverless.Splitting.Tests.Harness;

namespace Serverless.Splitting.Tests;

public class ApiTests
{
    [Fact]
    public void AnalyzeMethod_SegmentIIsBodyStatementI_IncludingOddStatements()
    {
        var compilation = SplitAnalyzer.CreateCompilation([("S.cs", Source("""
            var a = x;
            ;
            int Local(int v) => v + 1;
            label: a++;
            using var w = new System.IO.StringWriter();
            lock (w) { a += 2; }
            return a;
            """, "int x", "int"))]);
        var tree = compilation.SyntaxTrees[0];
        var method = tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single(m => m.Identifier.ValueText == "M");
        var g = SplitAnalyzer.AnalyzeMethod(compilation.GetSemanticModel(tree), method);
        Assert.Equal(method.Body!.Statements.Count, g.Segments.Count);
        for (var i = 0; i < g.Segments.Count; i++)
        {
            var line = method.Body.Statements[i].GetLocation().GetLineSpan().StartLinePosition.Line + 1;
            Assert.Equal(line, g.Segments[i].StartLine);
            Assert.Equal(i, g.Segments[i].Id);
        }

        Assert.Equal(["x|a", "|", "|", "a|a", "|w", "a,w|a", "a|"], Rw(g));
        Assert.Contains(g.Variables, v => v.Name == "w" && v.Type == "global::System.IO.StringWriter" && v.DeclaringSegment == 4);
    }

    [Fact]
    public void Analyze_CompilationWithNullableEnabled_SameGraphAsDisabled()
    {
        var src = Source("""
            string? s = x > 0 ? x.ToString() : null;
            var n = s?.Length ?? 0;
            return n;
            """, "int x", "int");
        var disabled = SplitAnalyzer.CreateCompilation([("N.cs", src)]);
        var enabled = disabled.WithOptions(disabled.Options.WithNullableContextOptions(NullableContextOptions.Enable));
        var a = Assert.Single(SplitAnalyzer.Analyze(disabled));
        var b = Assert.Single(SplitAnalyzer.Analyze(enabled));
        Assert.Equal(Edges(a), Edges(b));
        Assert.Equal(Rw(a), Rw(b));
        Assert.Empty(b.Diagnostics);
    }

    [Fact]
    public void Analyze_CheapMode_ReportsSemanticErrorsFoundInOperations()
    {
        var compilation = SplitAnalyzer.CreateCompilation([("E.cs", Source("var a = missing + 1;\nreturn a;", "int x", "int"))]);
        var g = Assert.Single(SplitAnalyzer.Analyze(compilation));
        Assert.Contains(g.Diagnostics, d => d.Id == "SPL008" && d.Message.Contains("CS0103", StringComparison.Ordinal));
    }

    [Fact]
    public void Analyze_CancelledToken_Throws()
    {
        var compilation = SplitAnalyzer.CreateCompilation([("C.cs", Source("var a = x;", "int x"))]);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => SplitAnalyzer.Analyze(compilation, cts.Token));
    }

    [Fact]
    public void Analyze_GenericAndNestedContainingTypes_FunctionName()
    {
        var src = """
            using Serverless.Annotations;
            namespace Outer.Inner;
            public class Box<T>
            {
                public class Nested
                {
                    [Splitable] public int Run(T value, System.Collections.Generic.List<T> xs) { xs.Add(value); return xs.Count; }
                }
            }
            """;
        var g = Assert.Single(SplitAnalyzer.AnalyzeSources([("G.cs", src)]));
        Assert.Equal("Outer.Inner.Box<T>.Nested.Run", g.Function);
        Assert.Equal("System.Collections.Generic.List<T>", g.Parameters[1].Type);
        Assert.Equal(["value,xs|xs", "xs|"], Rw(g));
    }

    [Fact]
    public void Analyze_EventsMethodGroupsTuplesAndStructMembers_AreWrites()
    {
        var g = Ok("""
            var p = new Pub();
            p.Changed += (_, _) => { };
            var list = new List<int>();
            Action<int> add = list.Add;
            var t = (A: 1, B: 2);
            t.A = x;
            var pt = new Pt();
            pt.X = x;
            add(1);
            """, "int x", "void", "public sealed class Pub { public event EventHandler? Changed; } public struct Pt { public int X; }");
        Assert.Equal(["|p", "p|p", "|list", "list|add,list", "|t", "t,x|t", "|pt", "pt,x|pt", "add|"], Rw(g));
        Assert.Contains(g.Diagnostics, d => d.Id == "SPL006" && d.Message.Contains("'add'", StringComparison.Ordinal));
    }
}
