using System.Text.Json;
using static Serverless.Local.Tests.AnalyzeCliHarness;

namespace Serverless.Local.Tests;

public sealed class AnalyzeCommandTests : IDisposable
{
    private const string Demo = """
        using System.Threading.Tasks;
        using Serverless.Annotations;

        namespace Demo;

        public sealed record Upload(string Name, byte[] Data);
        public sealed record Report(string Name, int Size);

        public static class Images
        {
            [Splitable]
            [GeoPreference("westeurope")]
            [ResourceConstraint(MemoryMb = 1024, TimeoutSeconds = 60)]
            public static async Task<Report> Process(Upload upload)
            {
                var image = upload.Data;
                var size = await Task.FromResult(image.Length);
                var name = upload.Name.ToUpperInvariant();
                return new Report(name, size);
            }

            [Splitable]
            public static int Plain(int x)
            {
                if (x < 0) return 0;
                return x * 2;
            }
        }
        """;

    private readonly AnalyzeCliHarness _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Analyze_DemoFile_PrintsManifest()
    {
        var path = _files.Write("Demo.cs", Demo);
        var (code, stdout, stderr) = await RunAsync("analyze", path);
        Assert.Equal(0, code);
        Assert.Equal(string.Empty, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var functions = doc.RootElement.GetProperty("functions");
        Assert.Equal(2, functions.GetArrayLength());
        var f = functions[0];
        Assert.Equal("Demo.Images.Process", f.GetProperty("function").GetString());
        Assert.Equal("upload", f.GetProperty("parameters")[0].GetProperty("name").GetString());
        Assert.Equal("Demo.Upload", f.GetProperty("parameters")[0].GetProperty("type").GetString());
        Assert.Equal("System.Threading.Tasks.Task<Demo.Report>", f.GetProperty("returnType").GetString());
        var annotations = f.GetProperty("annotations");
        Assert.Equal("westeurope", annotations.GetProperty("geoPreference").GetProperty("regions")[0].GetString());
        Assert.False(annotations.GetProperty("geoPreference").GetProperty("strict").GetBoolean());
        Assert.Equal(1024, annotations.GetProperty("resourceConstraint").GetProperty("memoryMb").GetInt32());
        Assert.Equal(60, annotations.GetProperty("resourceConstraint").GetProperty("timeoutSeconds").GetInt32());
        var s0 = f.GetProperty("segments")[0];
        Assert.Equal(16, s0.GetProperty("startLine").GetInt32());
        Assert.Equal(["upload"], s0.GetProperty("reads").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["image"], s0.GetProperty("writes").EnumerateArray().Select(e => e.GetString()));
        Assert.True(s0.GetProperty("work").GetDouble() > 0);
        var edges = f.GetProperty("edges").EnumerateArray().Select(e => $"{e.GetProperty("from").GetInt32()}->{e.GetProperty("to").GetInt32()} {e.GetProperty("kind").GetString()} {string.Join(",", e.GetProperty("variables").EnumerateArray().Select(v => v.GetString()))}").ToArray();
        Assert.Equal(["0->1 data image", "1->3 data size", "2->3 data name"], edges);
        var plain = functions[1];
        Assert.Equal(JsonValueKind.Null, plain.GetProperty("annotations").GetProperty("geoPreference").ValueKind);
        Assert.Equal("control", plain.GetProperty("edges")[0].GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Analyze_MethodOption_SelectsOneFunction()
    {
        var path = _files.Write("Demo.cs", Demo);
        var (code, stdout, _) = await RunAsync("analyze", path, "--method", "Demo.Images.Plain");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal("Demo.Images.Plain", Assert.Single(doc.RootElement.GetProperty("functions").EnumerateArray()).GetProperty("function").GetString());
    }

    [Fact]
    public async Task Analyze_Indented_SameDocumentAsCompact()
    {
        var path = _files.Write("Demo.cs", Demo);
        var (c1, compact, _) = await RunAsync("analyze", path);
        var (c2, indented, _) = await RunAsync("analyze", "--indented", path);
        Assert.Equal(0, c1);
        Assert.Equal(0, c2);
        Assert.Contains("\n  \"functions\": [", indented.Replace("\r", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        using var a = JsonDocument.Parse(compact);
        using var b = JsonDocument.Parse(indented);
        Assert.Equal(JsonSerializer.Serialize(a.RootElement), JsonSerializer.Serialize(b.RootElement));
    }

    [Fact]
    public async Task Analyze_UnknownMethod_Exit2NamingWhatExists()
    {
        var path = _files.Write("Demo.cs", Demo);
        var (code, stdout, stderr) = await RunAsync("analyze", path, "--method", "Demo.Images.Nope");
        Assert.Equal(2, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains("no [Splitable] method 'Demo.Images.Nope'", stderr, StringComparison.Ordinal);
        Assert.Contains("Demo.Images.Process, Demo.Images.Plain", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "analyze" }, "give at least one C# file")]
    [InlineData(new[] { "analyze", "x.cs", "--method" }, "--method needs a value")]
    [InlineData(new[] { "analyze", "x.cs", "--bogus" }, "unknown option '--bogus'")]
    public async Task Analyze_BadArguments_Exit2WithUsage(string[] args, string message)
    {
        var (code, _, stderr) = await RunAsync(args);
        Assert.Equal(2, code);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
        Assert.Contains("usage: serverless analyze", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_MissingFileOrDirectory_Exit2()
    {
        var (code, stdout, stderr) = await RunAsync("analyze", Path.Combine(_files.Directory, "missing.cs"));
        Assert.Equal(2, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains("missing.cs': no such file", stderr, StringComparison.Ordinal);
        (code, _, stderr) = await RunAsync("analyze", _files.Directory);
        Assert.Equal(2, code);
        Assert.Contains("is a directory", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_Help_Exit0()
    {
        var (code, stdout, _) = await RunAsync("analyze", "--help");
        Assert.Equal(0, code);
        Assert.Contains("serverless analyze <file.cs>", stdout, StringComparison.Ordinal);
        (code, stdout, _) = await RunAsync("--help");
        Assert.Contains("analyze", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bench_IsNotACliCommand_HelpOmitsItAndItExits2()
    {
        var (code, stdout, _) = await RunAsync("--help");
        Assert.Equal(0, code);
        Assert.DoesNotContain("bench", stdout, StringComparison.Ordinal);
        string stderr;
        (code, _, stderr) = await RunAsync("bench", "plan");
        Assert.Equal(2, code);
        Assert.Contains("unknown command 'bench'", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_SyntaxErrors_DiagnosticPerErrorExit0()
    {
        var path = _files.Write("Broken.cs", """
            using Serverless.Annotations;
            namespace Demo;
            public static class B
            {
                [Splitable]
                public static int M(int x)
                {
                    var a = x +;
                    return a
                }

                public static void Other() { int y = "text"; }
            }
            """);
        var (code, stdout, stderr) = await RunAsync("analyze", path);
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(stdout);
        var diagnostics = doc.RootElement.GetProperty("functions")[0].GetProperty("diagnostics").EnumerateArray().ToList();
        Assert.Contains(diagnostics, d => d.GetProperty("id").GetString() == "SPL008" && d.GetProperty("line").GetInt32() == 8);
        Assert.Contains(diagnostics, d => d.GetProperty("id").GetString() == "SPL008" && d.GetProperty("line").GetInt32() == 9);
        Assert.All(diagnostics, d => Assert.Equal("error", d.GetProperty("severity").GetString()));
        Assert.Contains("outside [Splitable] methods", stderr, StringComparison.Ordinal);
        Assert.Contains("Broken.cs(12,", stderr, StringComparison.Ordinal);
        Assert.Contains("CS0029", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_SeveralFiles_LinesAreLinesOfEachFile()
    {
        var a = _files.Write("A.cs", "using Serverless.Annotations;\nnamespace N;\npublic static class A\n{\n    [Splitable]\n    public static int F(int x)\n    {\n        var y = x + 1;\n        return y;\n    }\n}\n");
        var b = _files.Write("B.cs", "using Serverless.Annotations;\nnamespace N;\npublic static class B\n{\n    [Splitable] public static int G(int x) { var z = A.F(x); return z; }\n}\n");
        var (code, stdout, _) = await RunAsync("analyze", a, b);
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(stdout);
        var fs = doc.RootElement.GetProperty("functions");
        Assert.Equal("N.A.F", fs[0].GetProperty("function").GetString());
        Assert.Equal(8, fs[0].GetProperty("segments")[0].GetProperty("startLine").GetInt32());
        Assert.Equal("N.B.G", fs[1].GetProperty("function").GetString());
        Assert.Equal(5, fs[1].GetProperty("segments")[0].GetProperty("startLine").GetInt32());
        Assert.True(fs[1].GetProperty("segments")[0].GetProperty("work").GetDouble() >= 10, "a call to another [Splitable] method weighs at least 10");
    }

    [Fact]
    public async Task Analyze_BclOnlyFileUsingImplicitUsings_NoDiagnostics()
    {
        var path = _files.Write("Bcl.cs", """
            using System.Text;
            using System.Text.Json;
            using System.Text.RegularExpressions;
            using Serverless.Annotations;
            namespace Bcl;
            public static class Text
            {
                [Splitable]
                public static async Task<string> Summarise(string input, CancellationToken ct)
                {
                    var words = Regex.Split(input, "\\s+").Where(w => w.Length > 0).ToList();
                    var counts = new Dictionary<string, int>();
                    foreach (var w in words) { counts[w] = counts.GetValueOrDefault(w) + 1; }
                    var json = JsonSerializer.Serialize(counts);
                    var text = new StringBuilder().Append(json.Length).ToString();
                    text += "/";
                    await Task.Delay(1, ct);
                    return text + words.Count;
                }
            }
            """);
        var (code, stdout, stderr) = await RunAsync("analyze", path);
        Assert.Equal(0, code);
        Assert.Equal(string.Empty, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var f = doc.RootElement.GetProperty("functions")[0];
        Assert.Equal(0, f.GetProperty("diagnostics").GetArrayLength());
        Assert.Equal(8, f.GetProperty("segments").GetArrayLength());
    }

    [Fact]
    public async Task Analyze_StringBuilderAcrossStatements_Spl005NamesIt()
    {
        var path = _files.Write("Builder.cs", """
            using System.Text;
            using Serverless.Annotations;
            namespace Bcl;
            public static class Text
            {
                [Splitable]
                public static string Join(int[] values)
                {
                    var sb = new StringBuilder();
                    foreach (var v in values) { sb.Append(v); }
                    return sb.ToString();
                }
            }
            """);
        var (code, stdout, _) = await RunAsync("analyze", path);
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(stdout);
        var d = Assert.Single(doc.RootElement.GetProperty("functions")[0].GetProperty("diagnostics").EnumerateArray());
        Assert.Equal("SPL005", d.GetProperty("id").GetString());
        Assert.Contains("'sb' of type System.Text.StringBuilder", d.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("sb.ToString()", d.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_NoSplitableMethods_EmptyFunctionsAndNote()
    {
        var path = _files.Write("None.cs", "namespace N; public static class X { public static int F() => 1; }");
        var (code, stdout, stderr) = await RunAsync("analyze", path);
        Assert.Equal(0, code);
        Assert.Equal("{\"functions\":[]}", stdout.Trim());
        Assert.Contains("no [Splitable] methods found", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_SampleFiles_Exit0WithValidJson()
    {
        var root = AppContext.BaseDirectory;
        while (root is not null && !File.Exists(Path.Combine(root, "Serverless.sln")))
        {
            root = Path.GetDirectoryName(root);
        }

        Assert.NotNull(root);
        var samples = Directory.GetFiles(Path.Combine(root, "samples"), "*.cs", SearchOption.AllDirectories)
            .Where(p => !p.Contains("/obj/", StringComparison.Ordinal) && !p.Contains("/bin/", StringComparison.Ordinal))
            .ToArray();
        Assert.NotEmpty(samples);
        var (code, stdout, _) = await RunAsync(["analyze", .. samples]);
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(stdout);
        foreach (var f in doc.RootElement.GetProperty("functions").EnumerateArray())
        {
            Assert.DoesNotContain(f.GetProperty("diagnostics").EnumerateArray(), d => d.GetProperty("id").GetString() == "SPL008");
        }
    }
}
