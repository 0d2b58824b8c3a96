using System.Text;
using System.Text.Json;
using static Serverless.Local.Tests.AnalyzeCliHarness;

namespace Serverless.Local.Tests;

/// <summary>Hostile input never crashes `serverless analyze`: exit 0 with a JSON manifest, or 2 with a message.</summary>
public sealed class AnalyzeFuzzTests : IDisposable
{
    private const string Valid = """
        using System.Collections.Generic;
        using System.Linq;
        using Serverless.Annotations;
        namespace Fuzz;
        public static class F
        {
            [Splitable]
            [GeoPreference("westeurope", Strict = true)]
            public static int M(int[] xs, string s)
            {
                var list = xs.Where(x => x > 0).ToList();
                var total = 0;
                foreach (var x in list) { total += x; }
                if (!int.TryParse(s, out var n)) return total;
                try { total = checked(total * n); } catch (System.OverflowException) { total = -1; }
                return total;
            }
        }
        """;

    private readonly AnalyzeCliHarness _files = new();

    public void Dispose() => _files.Dispose();

    private static void AssertManifest(int code, string stdout, string stderr, string what)
    {
        Assert.True(code == 0, $"{what}: exit {code}: {stderr}");
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal(JsonValueKind.Array, doc.RootElement.GetProperty("functions").ValueKind);
        Assert.DoesNotContain("internal error", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_RandomBytes_NeverCrashes()
    {
        var rng = new Random(123);
        var paths = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            var bytes = new byte[rng.Next(0, 20_000)];
            rng.NextBytes(bytes);
            paths.Add(_files.WriteBytes($"random{i}.cs", bytes));
        }

        foreach (var p in paths)
        {
            var (code, stdout, stderr) = await RunAsync("analyze", p);
            AssertManifest(code, stdout, stderr, p);
        }
    }

    [Fact]
    public async Task Analyze_RandomTokensAroundSplitable_NeverCrashes()
    {
        var rng = new Random(99);
        string[] tokens = ["{", "}", "(", ")", ";", "var", "x", "=", "+", "if", "return", "yield", "goto", "L:", "await", "async", "ref", "out", "unsafe", "*", "&", "stackalloc", "int", "\"", "'", "=>", "[Splitable]", "class", "C", "void", "M", "new", "List<int>", ".", ",", "try", "catch", "finally", "switch", "case", "default", ":", "#if", "\n", "/*", "*/", "@", "$\"{", "}\""];
        for (var i = 0; i < 25; i++)
        {
            var sb = new StringBuilder("using Serverless.Annotations; using System.Collections.Generic; public class C { [Splitable] public int M(int x) {");
            var n = rng.Next(0, 300);
            for (var k = 0; k < n; k++)
            {
                sb.Append(tokens[rng.Next(tokens.Length)]).Append(' ');
            }

            if (rng.Next(2) == 0)
            {
                sb.Append("} }");
            }

            var path = _files.Write($"tokens{i}.cs", sb.ToString());
            var (code, stdout, stderr) = await RunAsync("analyze", path);
            AssertManifest(code, stdout, stderr, sb.ToString());
        }
    }

    [Fact]
    public async Task Analyze_TruncatedFiles_NeverCrash()
    {
        for (var cut = 0; cut <= Valid.Length; cut += Math.Max(1, Valid.Length / 40))
        {
            var path = _files.Write($"trunc{cut}.cs", Valid[..cut]);
            var (code, stdout, stderr) = await RunAsync("analyze", path);
            AssertManifest(code, stdout, stderr, $"cut at {cut}");
        }

        var (c, o, e) = await RunAsync("analyze", _files.Write("whole.cs", Valid));
        AssertManifest(c, o, e, "whole");
        using var doc = JsonDocument.Parse(o);
        Assert.Equal(0, doc.RootElement.GetProperty("functions")[0].GetProperty("diagnostics").GetArrayLength());
    }

    [Fact]
    public async Task Analyze_OneMegabyteMethod_Analyses()
    {
        var sb = new StringBuilder("using Serverless.Annotations;\nnamespace Big;\npublic static class B\n{\n    [Splitable]\n    public static int M(int x)\n    {\n        var s0 = x;\n");
        var filler = new string('a', 160);
        var i = 1;
        while (sb.Length < 1_050_000)
        {
            sb.Append("        var s").Append(i).Append(" = \"").Append(filler).Append("\".Length + s").Append(i - 1).Append(";\n");
            i++;
        }

        sb.Append("        return s").Append(i - 1).Append(";\n    }\n}\n");
        var path = _files.Write("big.cs", sb.ToString());
        var (code, stdout, stderr) = await RunAsync("analyze", path);
        AssertManifest(code, stdout, stderr, "1 MB method");
        using var doc = JsonDocument.Parse(stdout);
        var f = doc.RootElement.GetProperty("functions")[0];
        Assert.Equal(i + 1, f.GetProperty("segments").GetArrayLength());
        Assert.Equal(i, f.GetProperty("edges").GetArrayLength());
    }

    [Theory]
    [InlineData(50_000, "(x + ", ")")]
    [InlineData(20_000, "{ ", "}")]
    [InlineData(3_000, "(x + ", ")")]
    public async Task Analyze_DeeplyNested_NeverCrashes(int depth, string open, string close)
    {
        var inner = open == "{ " ? "x++;" : "1";
        var nested = string.Concat(Enumerable.Repeat(open, depth)) + inner + string.Concat(Enumerable.Repeat(close, depth));
        var statement = open == "{ " ? nested : "var a = " + nested + ";";
        var src = $"using Serverless.Annotations;\nnamespace D;\npublic static class N\n{{\n    [Splitable]\n    public static int M(int x)\n    {{\n        {statement}\n        return x;\n    }}\n}}\n";
        var (code, stdout, stderr) = await RunAsync("analyze", _files.Write($"deep{depth}.cs", src));
        AssertManifest(code, stdout, stderr, $"depth {depth}");
        using var doc = JsonDocument.Parse(stdout);
        var f = doc.RootElement.GetProperty("functions")[0];
        var ids = f.GetProperty("diagnostics").EnumerateArray().Select(d => d.GetProperty("id").GetString()).ToList();
        if (depth * 2 > 20_000)
        {
            Assert.Contains(ids, id => id is "SPL011" or "SPL008");
        }
        else
        {
            Assert.Empty(ids);
        }
    }
}
