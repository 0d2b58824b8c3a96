using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Serverless.Splitting.Tests;

/// <summary>
/// On a corpus of varied statements, every segment's reads cover Roslyn's DataFlowsIn and its writes cover
/// Roslyn's WrittenInside (restricted to parameters and top-level locals): the analysis may add (receiver
/// mutation, pass-through) but never miss a flow the compiler sees.
/// </summary>
public class RoslynCrossCheckTests
{
    public static TheoryData<string> Bodies => new()
    {
        """
        var list = new List<int>();
        foreach (var v in xs) { if (v > 0) list.Add(v); else continue; }
        var total = 0;
        for (var i = 0; i < list.Count; i++) total += list[i];
        try { total = checked(total * 2); } catch (OverflowException) when (total > 0) { total = -1; } finally { Console.WriteLine(total); }
        var text = total switch { > 10 => "big", < 0 => "negative", _ => s ?? "none" };
        if (o is string str && str.Length > 2) { text += str; }
        var (q, r) = (total / 3, total % 3);
        int.TryParse(text, out var parsed);
        var sum = xs.Where(x => x > q).Select(x => x * r).Sum() + parsed;
        { void Local(int k) { sum += k; } Local(3); Local(sum); }
        var msg = $"{sum}:{text}";
        do { sum--; } while (sum > 100);
        while (sum > 50) { sum /= 2; if (sum == 60) break; }
        using (var w = new System.IO.StringWriter()) { w.Write(msg); text = w.ToString(); }
        lock (list) { list.Clear(); }
        var copy = list?.ToArray() ?? [];
        s ??= text;
        Console.WriteLine(copy.Length + s.Length);
        """,
        """
        var data = new Dictionary<string, int>();
        data["a"] = xs.Length;
        if (!data.TryGetValue(s ?? "a", out var found)) { found = 0; }
        var parts = (s ?? "").Split(',');
        switch (parts.Length) { case 0: found++; break; case 1 when found > 2: found--; break; default: found = parts.Length; break; }
        Func<int, int> twice = v => v * 2;
        found = twice(found);
        var arr = new int[3];
        arr[found % 3] = found;
        Console.WriteLine(arr[0] + found);
        """,
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public void Analyze_Corpus_CoversRoslynDataFlow(string body)
    {
        var compilation = SplitAnalyzer.CreateCompilation([("Corpus.cs", Harness.Source(body, "int[] xs, string? s, object o"))]);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var graph = Assert.Single(SplitAnalyzer.Analyze(compilation));
        var tree = compilation.SyntaxTrees[0];
        var model = compilation.GetSemanticModel(tree);
        var method = tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single(m => m.Identifier.ValueText == "M");
        var topLevel = graph.Variables.Select(v => v.Name).ToHashSet();
        var statements = method.Body!.Statements;
        Assert.Equal(statements.Count, graph.Segments.Count);
        for (var i = 0; i < statements.Count; i++)
        {
            var flow = model.AnalyzeDataFlow(statements[i])!;
            var segment = graph.Segments[i];
            foreach (var v in flow.DataFlowsIn.Select(x => x.Name).Where(topLevel.Contains))
            {
                Assert.True(segment.Reads.Contains(v), $"segment {i} '{statements[i]}' misses read of {v}");
            }

            foreach (var v in flow.WrittenInside.Select(x => x.Name).Where(topLevel.Contains))
            {
                Assert.True(segment.Writes.Contains(v), $"segment {i} '{statements[i]}' misses write of {v}");
            }
        }
    }
}
