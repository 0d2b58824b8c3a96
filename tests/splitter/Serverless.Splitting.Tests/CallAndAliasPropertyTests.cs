using System.Text;

namespace Serverless.Splitting.Tests;

/// <summary>
/// Random straight-line methods over ints, arrays and lists whose statements change values through calls (static
/// helpers, BCL in-place calls, another object's methods), element stores, and alias chains (<c>var k1 = l; var k2 =
/// k1;</c>), compared with an independent model: a change in place of <c>v</c> writes <c>v</c> and every variable
/// assigned from it (directly or through a chain) that holds a value, those writes pass the value through, edges go
/// from the last writer, and SPL012 is reported exactly for the pairs where another variable of the changed object is
/// read at or after the change.
/// </summary>
public class CallAndAliasPropertyTests
{
    private sealed record Stmt(string Code, HashSet<string> Reads, HashSet<string> Definite, string? Changed);

    private sealed class Gen(Random rng)
    {
        private readonly List<string> _ints = ["a", "b"];
        private readonly List<string> _arrays = ["r"];
        private readonly List<string> _lists = ["l"];
        private int _next;

        /// <summary>Variable to its alias class (the variable it was first assigned from, transitively).</summary>
        public Dictionary<string, string> ClassOf { get; } = new(StringComparer.Ordinal) { ["r"] = "r", ["l"] = "l" };

        private static string Pick(Random rng, List<string> from) => from[rng.Next(from.Count)];

        private (string Code, HashSet<string> Vars) IntExpr()
        {
            var parts = new List<string>();
            var vars = new HashSet<string>(StringComparer.Ordinal);
            for (var i = rng.Next(1, 3); i > 0; i--)
            {
                if (rng.Next(3) == 0)
                {
                    parts.Add(rng.Next(1, 9).ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
                else
                {
                    var v = Pick(rng, _ints);
                    parts.Add(v);
                    vars.Add(v);
                }
            }

            return (string.Join(" + ", parts), vars);
        }

        private string Fresh(string prefix) => prefix + _next++;

        public Stmt Next()
        {
            var (e, r) = IntExpr();
            var list = Pick(rng, _lists);
            var arr = Pick(rng, _arrays);
            switch (rng.Next(16))
            {
                case 0:
                    {
                        var name = Fresh("e");
                        _ints.Add(name);
                        return new Stmt($"var {name} = {e};", r, [name], null);
                    }

                case 1:
                    {
                        var v = Pick(rng, _ints);
                        return new Stmt($"{v} = {e};", r, [v], null);
                    }

                case 2:
                    {
                        var name = Fresh("k");
                        _lists.Add(name);
                        ClassOf[name] = ClassOf[list];
                        return new Stmt($"var {name} = {list};", [list], [name], null);
                    }

                case 3:
                    {
                        var name = Fresh("k");
                        _lists.Add(name);
                        ClassOf[name] = name;
                        return new Stmt($"var {name} = new List<int>({list});", [list], [name], null);
                    }

                case 4:
                    {
                        var name = Fresh("q");
                        _arrays.Add(name);
                        ClassOf[name] = ClassOf[arr];
                        return new Stmt($"var {name} = {arr};", [arr], [name], null);
                    }

                case 5:
                    {
                        var name = Fresh("q");
                        _arrays.Add(name);
                        ClassOf[name] = name;
                        return new Stmt($"var {name} = (int[]){arr}.Clone();", [arr], [name], null);
                    }

                case 6:
                    return new Stmt($"Array.Sort({arr});", [arr], [], arr);
                case 7:
                    return new Stmt($"Array.Reverse({arr});", [arr], [], arr);
                case 8:
                    return new Stmt($"{list}.Sort();", [list], [], list);
                case 9:
                    return new Stmt($"{list}.Add({e});", [.. r, list], [], list);
                case 10:
                    return new Stmt($"Fill({list}, {e});", [.. r, list], [], list);
                case 11:
                    {
                        var v = Pick(rng, _ints);
                        return new Stmt($"{v} = Sum({list}) + {e};", [.. r, list], [v], null);
                    }

                case 12:
                    return new Stmt($"new Sorter().SortInPlace({arr});", [arr], [], arr);
                case 13:
                    {
                        var v = Pick(rng, _ints);
                        return new Stmt($"{v} = new Sorter().First({arr}) + {e};", [.. r, arr], [v], null);
                    }

                case 14:
                    return new Stmt($"Console.WriteLine({list}.Count + {arr}.Length);", [list, arr], [], null);
                default:
                    return new Stmt($"if ({arr}.Length > 0) {arr}[0] = {e};", [.. r, arr], [], arr);
            }
        }
    }

    private sealed record Model(string[] Reads, string[] Writes, string[] Edges, SortedSet<string> Spl012Pairs);

    private static string Pair(string x, string y) => string.CompareOrdinal(x, y) < 0 ? x + "~" + y : y + "~" + x;

    private static Model Reference(List<Stmt> stmts, Dictionary<string, string> classOf)
    {
        var hasValue = new HashSet<string>(["a", "b", "r", "l"], StringComparer.Ordinal);
        var writes = new List<HashSet<string>>();
        var reads = new List<HashSet<string>>();
        var pairs = new SortedSet<string>(StringComparer.Ordinal);
        for (var j = 0; j < stmts.Count; j++)
        {
            var s = stmts[j];
            var w = new HashSet<string>(s.Definite, StringComparer.Ordinal);
            var rd = new HashSet<string>(s.Reads, StringComparer.Ordinal);
            if (s.Changed is { } v)
            {
                w.Add(v);
                foreach (var u in classOf.Keys.Where(u => u != v && classOf[u] == classOf[v] && hasValue.Contains(u)))
                {
                    w.Add(u);
                    rd.Add(u);

                    // Arrays and lists are never reassigned: any later read of u reads the changed object.
                    if (Enumerable.Range(j, stmts.Count - j).Any(k => stmts[k].Reads.Contains(u)))
                    {
                        pairs.Add(Pair(u, v));
                    }
                }
            }

            writes.Add(w);
            reads.Add(rd);
            hasValue.UnionWith(w);
        }

        var edges = new SortedDictionary<(int, int), SortedSet<string>>();
        for (var j = 0; j < stmts.Count; j++)
        {
            foreach (var v in reads[j])
            {
                var i = Enumerable.Range(0, j).LastOrDefault(k => writes[k].Contains(v), -1);
                if (i >= 0)
                {
                    if (!edges.TryGetValue((i, j), out var set))
                    {
                        edges[(i, j)] = set = new SortedSet<string>(StringComparer.Ordinal);
                    }

                    set.Add(v);
                }
            }
        }

        static string Sorted(IEnumerable<string> vs) => string.Join(",", vs.Order(StringComparer.Ordinal));
        return new Model(
            reads.Select(Sorted).ToArray(),
            writes.Select(Sorted).ToArray(),
            edges.Select(kv => $"{kv.Key.Item1}->{kv.Key.Item2} data[{string.Join(",", kv.Value)}]").ToArray(),
            pairs);
    }

    [Theory]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(33)]
    [InlineData(34)]
    public void Analyze_RandomCallMutationAndAliasChains_WritesEdgesAndRefusalsMatchModel(int seed)
    {
        var rng = new Random(seed);
        var cases = new List<(List<Stmt> Stmts, Dictionary<string, string> ClassOf)>();
        var sb = new StringBuilder("using System; using System.Collections.Generic; using Serverless.Annotations; namespace Ca;\n");
        sb.Append("public sealed class Sorter { public void SortInPlace(int[] xs) => Array.Sort(xs); public int First(int[] xs) => xs.Length == 0 ? 0 : xs[0]; }\n");
        sb.Append("public static class P {\n");
        sb.Append("  private static void Fill(List<int> l, int n) { for (var i = 0; i < n % 3; i++) l.Add(i); }\n");
        sb.Append("  private static int Sum(List<int> l) { var s = 0; foreach (var v in l) s += v; return s; }\n");
        for (var m = 0; m < 50; m++)
        {
            var gen = new Gen(rng);
            var stmts = Enumerable.Range(0, rng.Next(1, 12)).Select(_ => gen.Next()).ToList();
            cases.Add((stmts, gen.ClassOf));
            sb.Append("  [Splitable] public static void M").Append(m).Append("(int a, int b, int[] r, List<int> l) {\n");
            foreach (var s in stmts)
            {
                sb.Append("    ").Append(s.Code).Append('\n');
            }

            sb.Append("  }\n");
        }

        sb.Append('}');
        var graphs = SplitAnalyzer.AnalyzeSources([("Ca.cs", sb.ToString())]);
        Assert.Equal(cases.Count, graphs.Count);
        var refused = 0;
        var throughAlias = 0;
        for (var m = 0; m < cases.Count; m++)
        {
            var (stmts, classOf) = cases[m];
            var g = graphs[m];
            var body = string.Join("\n", stmts.Select(s => s.Code));
            var model = Reference(stmts, classOf);
            var actualPairs = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var d in g.Diagnostics)
            {
                Assert.True(d.Id == SplitDiagnostics.AliasedMutation.Id, $"seed {seed} M{m}: unexpected {d.Id} {d.Message}\n{body}");
                var names = d.Message.Split('\'');
                actualPairs.Add(Pair(names[1], names[3]));
            }

            Assert.True(model.Spl012Pairs.SetEquals(actualPairs), $"seed {seed} M{m}: SPL012 expected [{string.Join(" ", model.Spl012Pairs)}] actual [{string.Join(" ", actualPairs)}]\n{body}");
            for (var i = 0; i < stmts.Count; i++)
            {
                var actual = $"{string.Join(",", g.Segments[i].Reads)}|{string.Join(",", g.Segments[i].Writes)}";
                Assert.True(
                    actual == $"{model.Reads[i]}|{model.Writes[i]}",
                    $"seed {seed} M{m} segment {i}: {stmts[i].Code}\nexpected {model.Reads[i]}|{model.Writes[i]}\nactual   {actual}\n{body}");
            }

            Assert.Equal(model.Edges, Harness.Edges(g));
            refused += model.Spl012Pairs.Count > 0 ? 1 : 0;
            throughAlias += stmts.Where((s, i) => s.Changed is not null && model.Writes[i].Contains(',')).Any() ? 1 : 0;
        }

        // The generator must exercise both outcomes: refusals, and writes reaching an alias.
        Assert.True(refused > 0 && refused < cases.Count && throughAlias > 0, $"refused {refused}, through an alias {throughAlias}");
    }
}
