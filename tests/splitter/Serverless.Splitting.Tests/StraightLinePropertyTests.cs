using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Serverless.Splitting.Tests;

/// <summary>
/// Random straight-line methods over a few parameters and locals, each statement generated together with the
/// variables it reads and writes; the analysis must produce exactly the edges of the reference computation
/// (last writer before each reader), and must never read or write less than Roslyn's own data-flow analysis.
/// </summary>
public class StraightLinePropertyTests
{
    private static readonly string[] Params = ["a", "b", "c", "l"];

    private sealed record Stmt(string Code, HashSet<string> Reads, HashSet<string> Writes);

    private sealed class Gen(Random rng)
    {
        private readonly List<string> _ints = ["a", "b", "c"];
        private int _next;

        public List<string> Locals { get; } = [];

        private string Var() => _ints[rng.Next(_ints.Count)];

        private (string Code, HashSet<string> Vars) Expr()
        {
            var terms = rng.Next(1, 4);
            var parts = new List<string>();
            var vars = new HashSet<string>();
            for (var i = 0; i < terms; i++)
            {
                if (rng.Next(3) == 0)
                {
                    parts.Add(rng.Next(1, 9).ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
                else
                {
                    var v = Var();
                    parts.Add(v);
                    vars.Add(v);
                }
            }

            return (string.Join(rng.Next(2) == 0 ? " + " : " * ", parts), vars);
        }

        public Stmt Next()
        {
            var (e, r) = Expr();
            switch (rng.Next(11))
            {
                case 0:
                    {
                        var name = "e" + _next++;
                        _ints.Add(name);
                        Locals.Add(name);
                        return new Stmt($"var {name} = {e};", r, [name]);
                    }

                case 1:
                    {
                        var v = Var();
                        return new Stmt($"{v} = {e};", r, [v]);
                    }

                case 2:
                    {
                        var v = Var();
                        return new Stmt($"{v} += {e};", [.. r, v], [v]);
                    }

                case 3:
                    {
                        var v = Var();
                        return new Stmt($"{v}++;", [v], [v]);
                    }

                case 4:
                    {
                        var u = Var();
                        var v = Var();
                        return new Stmt($"if ({u} > 0) {v} = {e};", [.. r, u, v], [v]);
                    }

                case 5:
                    return new Stmt($"Console.WriteLine({e});", r, []);
                case 6:
                    {
                        var v = Var();
                        var w = Var();
                        if (v == w)
                        {
                            return new Stmt($"{v} = {e};", r, [v]);
                        }

                        var (e2, r2) = Expr();
                        return new Stmt($"({v}, {w}) = ({e}, {e2});", [.. r, .. r2], [v, w]);
                    }

                case 7:
                    return new Stmt($"l.Add({e});", [.. r, "l"], ["l"]);
                case 8:
                    {
                        var u = Var();
                        return new Stmt($"{u} = l.Count + {e};", [.. r, "l"], [u]);
                    }

                case 9:
                    {
                        var v = Var();
                        return new Stmt($"Set(out {v});", [], [v]);
                    }

                default:
                    {
                        var u = Var();
                        var v = Var();
                        var (e2, r2) = Expr();
                        return new Stmt($"if ({u} > 0) {v} = {e}; else {v} = {e2};", [.. r, .. r2, u], [v]);
                    }
            }
        }
    }

    private sealed record Case(string Name, List<Stmt> Statements, List<string> Ordinals);

    private static List<Case> Cases(int seed, int count)
    {
        var rng = new Random(seed);
        var cases = new List<Case>();
        for (var m = 0; m < count; m++)
        {
            var gen = new Gen(rng);
            var n = rng.Next(1, 14);
            var stmts = Enumerable.Range(0, n).Select(_ => gen.Next()).ToList();
            cases.Add(new Case("M" + m, stmts, [.. Params, .. gen.Locals]));
        }

        return cases;
    }

    private static string Source(List<Case> cases)
    {
        var sb = new StringBuilder();
        sb.AppendLine("using System; using System.Collections.Generic; using Serverless.Annotations;");
        sb.AppendLine("namespace Prop;");
        sb.AppendLine("public static class P {");
        sb.AppendLine("  private static void Set(out int v) => v = 7;");
        foreach (var c in cases)
        {
            sb.AppendLine($"  [Splitable] public static void {c.Name}(int a, int b, int c, List<int> l) {{");
            foreach (var s in c.Statements)
            {
                sb.AppendLine("    " + s.Code);
            }

            sb.AppendLine("  }");
        }

        sb.AppendLine("}");
        return sb.ToString();
    }

    /// <summary>The reference: a data edge i->j carries v iff j reads v and i is the last writer of v before j.</summary>
    private static string[] ReferenceEdges(Case c)
    {
        var edges = new SortedDictionary<(int, int), SortedSet<string>>();
        for (var j = 0; j < c.Statements.Count; j++)
        {
            foreach (var v in c.Statements[j].Reads)
            {
                var i = Enumerable.Range(0, j).LastOrDefault(k => c.Statements[k].Writes.Contains(v), -1);
                if (i >= 0)
                {
                    if (!edges.TryGetValue((i, j), out var set))
                    {
                        edges[(i, j)] = set = [];
                    }

                    set.Add(v);
                }
            }
        }

        return edges.Select(kv => $"{kv.Key.Item1}->{kv.Key.Item2} data[{string.Join(",", kv.Value.Order(StringComparer.Ordinal))}]").ToArray();
    }

    private static string Sorted(IEnumerable<string> vars) => string.Join(",", vars.Order(StringComparer.Ordinal));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Analyze_RandomStraightLineMethods_EdgesMatchReference(int seed)
    {
        var cases = Cases(seed, 60);
        var graphs = SplitAnalyzer.AnalyzeSources([("Prop.cs", Source(cases))]);
        Assert.Equal(cases.Count, graphs.Count);
        for (var m = 0; m < cases.Count; m++)
        {
            var c = cases[m];
            var g = graphs[m];
            var body = string.Join("\n", c.Statements.Select(s => s.Code));
            Assert.True(g.Diagnostics.Count == 0, $"{body}\n{string.Join("; ", g.Diagnostics.Select(d => d.Message))}");
            Assert.True(
                ReferenceEdges(c).SequenceEqual(Harness.Edges(g)),
                $"seed {seed} {c.Name}:\n{body}\nexpected {string.Join(" ", ReferenceEdges(c))}\nactual   {string.Join(" ", Harness.Edges(g))}");
            for (var i = 0; i < c.Statements.Count; i++)
            {
                Assert.Equal(Sorted(c.Statements[i].Reads), string.Join(",", g.Segments[i].Reads));
                Assert.Equal(Sorted(c.Statements[i].Writes), string.Join(",", g.Segments[i].Writes));
            }
        }
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public void Analyze_RandomMethods_ReadsAndWritesCoverRoslynDataFlow(int seed)
    {
        var cases = Cases(seed, 40);
        var compilation = SplitAnalyzer.CreateCompilation([("Prop.cs", Source(cases))]);
        var graphs = SplitAnalyzer.Analyze(compilation);
        var tree = compilation.SyntaxTrees[0];
        var model = compilation.GetSemanticModel(tree);
        var methods = tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Where(m => m.Identifier.ValueText.StartsWith('M')).ToList();
        Assert.Equal(cases.Count, methods.Count);
        for (var m = 0; m < methods.Count; m++)
        {
            var statements = methods[m].Body!.Statements;
            for (var i = 0; i < statements.Count; i++)
            {
                var flow = model.AnalyzeDataFlow(statements[i])!;
                Assert.True(flow.Succeeded);
                var segment = graphs[m].Segments[i];
                foreach (var v in flow.DataFlowsIn.Where(s => s is IParameterSymbol or ILocalSymbol))
                {
                    Assert.Contains(v.Name, segment.Reads);
                }

                foreach (var v in flow.WrittenInside.Where(s => s is IParameterSymbol or ILocalSymbol))
                {
                    Assert.Contains(v.Name, segment.Writes);
                }
            }
        }
    }
}
