using System.Text;
using CsCheck;
using Microsoft.CodeAnalysis.CSharp;

namespace Serverless.Splitting.Tests;

/// <summary>
/// Segment <c>reads</c>/<c>writes</c> and data-edge <c>variables</c> are sorted by <see cref="string.CompareOrdinal(string, string)"/>
/// whatever the declaration order: random identifiers (mixed case, underscores, digits) declared in a random order,
/// read in another random order, written in a third.
/// </summary>
public class OrdinalOrderPropertyTests
{
    private static readonly Gen<string> Identifier =
        Gen.Select(Gen.Char["_aAbBzZ"], Gen.String[Gen.Char["_aAbBzZ019"], 0, 4], (first, rest) => first + rest)
            .Where(n => SyntaxFacts.GetKeywordKind(n) == SyntaxKind.None && SyntaxFacts.GetContextualKeywordKind(n) == SyntaxKind.None);

    /// <summary>Parameters, locals in declaration order, the read order, and the variables the mixer writes.</summary>
    private sealed record Case(string[] Parameters, string[] Locals, string[] ReadOrder, string[] Written);

    private static readonly Gen<Case> Cases =
        Identifier.HashSet[2, 12].SelectMany(names =>
        {
            var all = names.ToArray();
            return Gen.Int[0, all.Length].SelectMany(p =>
                Gen.Select(
                    Gen.Shuffle(all.ToArray()),
                    Gen.Shuffle(all.ToArray()),
                    Gen.Int[0, all.Length],
                    (readOrder, writeOrder, w) => new Case(all[..p], all[p..], readOrder, writeOrder[..w])));
        });

    private static string Body(Case c)
    {
        var sb = new StringBuilder();
        foreach (var l in c.Locals)
        {
            sb.AppendLine($"var {l} = 1;");
        }

        sb.Append("{ var t__ = 0");
        foreach (var v in c.ReadOrder)
        {
            sb.Append(" + ").Append(v);
        }

        sb.Append(';');
        foreach (var v in c.Written)
        {
            sb.Append(' ').Append(v).Append(" = t__;");
        }

        sb.AppendLine(" }");
        sb.AppendLine($"return 0{string.Concat(c.ReadOrder.Reverse().Select(v => " + " + v))};");
        return sb.ToString();
    }

    private static bool IsOrdinalSorted(IReadOnlyList<string> names)
    {
        for (var i = 1; i < names.Count; i++)
        {
            if (string.CompareOrdinal(names[i - 1], names[i]) >= 0)
            {
                return false;
            }
        }

        return true;
    }

    [Fact]
    public void Analyze_RandomIdentifiersInRandomOrder_ReadsWritesAndEdgeVariablesSortedOrdinally()
    {
        Cases.Array[6].Sample(
            cases =>
            {
                var source = new StringBuilder("using System; using Serverless.Annotations; namespace Ord; public static class P {\n");
                for (var m = 0; m < cases.Length; m++)
                {
                    var ps = string.Join(", ", cases[m].Parameters.Select(p => "int " + p));
                    source.Append($"[Splitable] public static int M{m}({ps}) {{\n{Body(cases[m])}}}\n");
                }

                source.Append('}');
                var graphs = SplitAnalyzer.AnalyzeSources([("Ord.cs", source.ToString())]);
                Assert.Equal(cases.Length, graphs.Count);
                for (var m = 0; m < cases.Length; m++)
                {
                    var c = cases[m];
                    var g = graphs[m];
                    Assert.True(g.Diagnostics.Count == 0, string.Join("; ", g.Diagnostics.Select(d => d.Message)) + "\n" + Body(c));
                    var mixer = g.Segments[c.Locals.Length];
                    var final = g.Segments[c.Locals.Length + 1];
                    Assert.Equal(c.ReadOrder.Order(StringComparer.Ordinal), mixer.Reads);
                    Assert.Equal(c.Written.Order(StringComparer.Ordinal), mixer.Writes);
                    Assert.Equal(c.ReadOrder.Order(StringComparer.Ordinal), final.Reads);
                    Assert.Equal(
                        c.Written.Order(StringComparer.Ordinal),
                        g.Edges.Where(e => e.From == c.Locals.Length && e.To == c.Locals.Length + 1).SelectMany(e => e.Variables));
                    foreach (var s in g.Segments)
                    {
                        Assert.True(IsOrdinalSorted(s.Reads), "reads " + string.Join(",", s.Reads));
                        Assert.True(IsOrdinalSorted(s.Writes), "writes " + string.Join(",", s.Writes));
                    }

                    foreach (var e in g.Edges)
                    {
                        Assert.True(IsOrdinalSorted(e.Variables), $"edge {e.From}->{e.To} " + string.Join(",", e.Variables));
                    }
                }
            },
            iter: 8);
    }
}
