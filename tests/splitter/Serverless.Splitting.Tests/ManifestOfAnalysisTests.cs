using System.Text.Json;
using Serverless.Contracts.Manifest;

namespace Serverless.Splitting.Tests;

public class ManifestOfAnalysisTests
{
    [Fact]
    public void Write_AnalysedSource_ParsesAndMatchesGraph()
    {
        var g = Harness.Ok("var a = x + 1;\nif (a > 2) return a;\nreturn a * 2;", "int x", "int");
        using var doc = JsonDocument.Parse(ManifestJson.Write([g]));
        var f = doc.RootElement.GetProperty("functions")[0];
        Assert.Equal("Demo.C.M", f.GetProperty("function").GetString());
        Assert.Equal(g.Segments.Count, f.GetProperty("segments").GetArrayLength());
        Assert.Equal(g.Edges.Count, f.GetProperty("edges").GetArrayLength());
        Assert.Equal(["data", "data", "control"], f.GetProperty("edges").EnumerateArray().Select(e => e.GetProperty("kind").GetString()));
    }
}
