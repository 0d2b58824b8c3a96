using System.Text;

namespace Serverless.Splitting.Tests;

/// <summary>
/// Random methods whose top-level statements are assignments, if/else blocks, loops and try/catch over a few
/// variables, compared with an independent reference: a statement reads what flows into it (read before assigned
/// within it) plus what it may write without definitely writing (pass-through); definite writes of if/else and
/// try/catch are the intersection of the branches; a loop body may not run.
/// </summary>
public class ControlFlowPropertyTests
{
    private sealed record Simple(string Code, HashSet<string> Reads, string Target);

    private sealed record Top(string Code, HashSet<string> Reads, HashSet<string> Writes);

    private sealed class Gen(Random rng)
    {
        private readonly List<string> _vars = ["a", "b", "c"];
        private int _next;

        public List<string> Locals { get; } = [];

        private string Var() => _vars[rng.Next(_vars.Count)];

        private (string, HashSet<string>) Expr()
        {
            var parts = new List<string>();
            var vars = new HashSet<string>();
            for (var i = rng.Next(1, 3); i > 0; i--)
            {
                if (rng.Next(4) == 0)
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

            return (string.Join(" + ", parts), vars);
        }

        private Simple Assign()
        {
            var (e, r) = Expr();
            var v = Var();
            return rng.Next(3) == 0 ? new Simple($"{v} += {e};", [.. r, v], v) : new Simple($"{v} = {e};", r, v);
        }

        private List<Simple> Block() => Enumerable.Range(0, rng.Next(0, 4)).Select(_ => Assign()).ToList();

        /// <summary>Values flowing into a sequence, and the variables it definitely assigns.</summary>
        private static (HashSet<string> FlowsIn, HashSet<string> Assigned) Flow(List<Simple> block)
        {
            var flowsIn = new HashSet<string>();
            var assigned = new HashSet<string>();
            foreach (var s in block)
            {
                flowsIn.UnionWith(s.Reads.Where(v => !assigned.Contains(v)));
                assigned.Add(s.Target);
            }

            return (flowsIn, assigned);
        }

        private static Top Make(string code, HashSet<string> flowsIn, HashSet<string> may, HashSet<string> definite) =>
            new(code, [.. flowsIn, .. may.Where(v => !definite.Contains(v))], may);

        public Top Next()
        {
            switch (rng.Next(5))
            {
                case 0:
                    {
                        var (e, r) = Expr();
                        var name = "e" + _next++;
                        _vars.Add(name);
                        Locals.Add(name);
                        return new Top($"var {name} = {e};", r, [name]);
                    }

                case 1:
                    {
                        var s = Assign();
                        return new Top(s.Code, s.Reads, [s.Target]);
                    }

                case 2:
                    {
                        var u = Var();
                        var then = Block();
                        var hasElse = rng.Next(2) == 0;
                        var @else = hasElse ? Block() : [];
                        var (f1, d1) = Flow(then);
                        var (f2, d2) = Flow(@else);
                        var definite = hasElse ? d1.Intersect(d2).ToHashSet() : [];
                        var code = $"if ({u} > 0) {{ {string.Join(" ", then.Select(s => s.Code))} }}" + (hasElse ? $" else {{ {string.Join(" ", @else.Select(s => s.Code))} }}" : string.Empty);
                        return Make(code, [u, .. f1, .. f2], [.. d1, .. d2], definite);
                    }

                case 3:
                    {
                        var bound = Var();
                        var body = Block();
                        var (f, d) = Flow(body);
                        return Make($"for (var i = 0; i < {bound}; i++) {{ {string.Join(" ", body.Select(s => s.Code))} }}", [bound, .. f], d, []);
                    }

                default:
                    {
                        var body = Block();
                        var handler = Block();
                        var (f1, d1) = Flow(body);
                        var (f2, d2) = Flow(handler);
                        var code = $"try {{ {string.Join(" ", body.Select(s => s.Code))} }} catch (Exception) {{ {string.Join(" ", handler.Select(s => s.Code))} }}";
                        return Make(code, [.. f1, .. f2], [.. d1, .. d2], d1.Intersect(d2).ToHashSet());
                    }
            }
        }
    }

    [Theory]
    [InlineData(21)]
    [InlineData(22)]
    [InlineData(23)]
    public void Analyze_RandomControlFlow_ReadsWritesAndEdgesMatchReference(int seed)
    {
        var rng = new Random(seed);
        var cases = new List<(List<Top> Stmts, List<string> Ordinals)>();
        var sb = new StringBuilder("using System; using Serverless.Annotations; namespace Cf; public static class P {\n");
        for (var m = 0; m < 60; m++)
        {
            var gen = new Gen(rng);
            var stmts = Enumerable.Range(0, rng.Next(1, 10)).Select(_ => gen.Next()).ToList();
            cases.Add((stmts, ["a", "b", "c", .. gen.Locals]));
            sb.Append("  [Splitable] public static void M").Append(m).Append("(int a, int b, int c) {\n");
            foreach (var s in stmts)
            {
                sb.Append("    ").Append(s.Code).Append('\n');
            }

            sb.Append("  }\n");
        }

        sb.Append('}');
        var graphs = SplitAnalyzer.AnalyzeSources([("Cf.cs", sb.ToString())]);
        Assert.Equal(cases.Count, graphs.Count);
        for (var m = 0; m < cases.Count; m++)
        {
            var (stmts, _) = cases[m];
            var g = graphs[m];
            var body = string.Join("\n", stmts.Select(s => s.Code));
            Assert.True(g.Diagnostics.Count == 0, body + "\n" + string.Join("; ", g.Diagnostics.Select(d => d.Message)));
            string Sorted(IEnumerable<string> vs) => string.Join(",", vs.Order(StringComparer.Ordinal));
            for (var i = 0; i < stmts.Count; i++)
            {
                Assert.True(
                    Sorted(stmts[i].Reads) == string.Join(",", g.Segments[i].Reads) && Sorted(stmts[i].Writes) == string.Join(",", g.Segments[i].Writes),
                    $"seed {seed} M{m} segment {i}: {stmts[i].Code}\nexpected {Sorted(stmts[i].Reads)}|{Sorted(stmts[i].Writes)}\nactual   {string.Join(",", g.Segments[i].Reads)}|{string.Join(",", g.Segments[i].Writes)}");
            }

            var expected = new List<string>();
            var edges = new SortedDictionary<(int, int), SortedSet<string>>();
            for (var j = 0; j < stmts.Count; j++)
            {
                foreach (var v in stmts[j].Reads)
                {
                    var i = Enumerable.Range(0, j).LastOrDefault(k => stmts[k].Writes.Contains(v), -1);
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

            expected.AddRange(edges.Select(kv => $"{kv.Key.Item1}->{kv.Key.Item2} data[{string.Join(",", kv.Value.Order(StringComparer.Ordinal))}]"));
            Assert.Equal(expected, Harness.Edges(g));
        }
    }
}
