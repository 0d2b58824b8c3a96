using System.Text.Json;
using Serverless.Contracts.Manifest;

namespace Serverless.Contracts.Tests.Manifest;

public class ManifestJsonTests
{
    private static SplitGraph Graph(string function = "Demo.Images.Process", string message = "m", SplitAnnotations? annotations = null, IReadOnlyList<SegmentEdge>? edges = null) => new()
    {
        Function = function,
        Parameters = [new SplitParameter("upload", "Demo.Upload")],
        ReturnType = "System.Threading.Tasks.Task<Demo.Report>",
        Annotations = annotations ?? SplitAnnotations.None,
        Segments = [new Segment(0, 12, 12, ["upload"], ["image"], 1.5), new Segment(1, 13, 14, ["image"], [], 0.25)],
        Edges = edges ?? [new SegmentEdge(0, 1, EdgeKinds.Data, ["image"])],
        Diagnostics = [new SplitDiagnostic("SPL004", DiagnosticSeverityNames.Error, 20, message)],
    };

    [Fact]
    public void Write_Graph_ProducesTheIssueShapeExactly()
    {
        var json = ManifestJson.Write([Graph(annotations: new SplitAnnotations(new GeoPreferenceInfo(["westeurope"], false), new ResourceConstraintInfo(1024, 60)))]);
        Assert.Equal(
            """{"functions":[{"function":"Demo.Images.Process","parameters":[{"name":"upload","type":"Demo.Upload"}],"returnType":"System.Threading.Tasks.Task<Demo.Report>","annotations":{"geoPreference":{"regions":["westeurope"],"strict":false},"resourceConstraint":{"memoryMb":1024,"timeoutSeconds":60}},"segments":[{"id":0,"startLine":12,"endLine":12,"reads":["upload"],"writes":["image"],"work":1.5},{"id":1,"startLine":13,"endLine":14,"reads":["image"],"writes":[],"work":0.25}],"edges":[{"from":0,"to":1,"kind":"data","variables":["image"]}],"diagnostics":[{"id":"SPL004","severity":"error","line":20,"message":"m"}]}]}""",
            json);
    }

    [Fact]
    public void Write_NoAnnotations_MembersAreNull()
    {
        using var doc = JsonDocument.Parse(ManifestJson.Write([Graph()]));
        var a = doc.RootElement.GetProperty("functions")[0].GetProperty("annotations");
        Assert.Equal(JsonValueKind.Null, a.GetProperty("geoPreference").ValueKind);
        Assert.Equal(JsonValueKind.Null, a.GetProperty("resourceConstraint").ValueKind);
    }

    [Fact]
    public void Write_UnsortedEdges_SortedByFromToKind()
    {
        var edges = new[]
        {
            new SegmentEdge(1, 2, EdgeKinds.Order, []),
            new SegmentEdge(0, 2, EdgeKinds.Data, ["b"]),
            new SegmentEdge(0, 1, EdgeKinds.Data, ["a"]),
            new SegmentEdge(0, 1, EdgeKinds.Control, []),
        };
        using var doc = JsonDocument.Parse(ManifestJson.Write([Graph(edges: edges)]));
        var rendered = doc.RootElement.GetProperty("functions")[0].GetProperty("edges").EnumerateArray()
            .Select(e => $"{e.GetProperty("from").GetInt32()}{e.GetProperty("to").GetInt32()}{e.GetProperty("kind").GetString()}").ToArray();
        Assert.Equal(["01control", "01data", "02data", "12order"], rendered);
    }

    [Fact]
    public void Write_Empty_IsFunctionsArray()
    {
        Assert.Equal("""{"functions":[]}""", ManifestJson.Write([]));
        Assert.Equal("{\n  \"functions\": []\n}", ManifestJson.Write([], indented: true));
    }

    [Fact]
    public void Write_RandomStrings_RoundTripThroughSystemTextJson()
    {
        var rng = new Random(7);
        for (var i = 0; i < 300; i++)
        {
            var s = RandomString(rng);
            var m = RandomString(rng);
            foreach (var indented in new[] { false, true })
            {
                using var doc = JsonDocument.Parse(ManifestJson.Write([Graph(s, m)], indented));
                var f = doc.RootElement.GetProperty("functions")[0];
                Assert.Equal(s, f.GetProperty("function").GetString());
                Assert.Equal(m, f.GetProperty("diagnostics")[0].GetProperty("message").GetString());
            }
        }
    }

    [Fact]
    public void Write_Indented_SameDocumentAsCompact()
    {
        var g = Graph(annotations: new SplitAnnotations(new GeoPreferenceInfo(["a", "b"], true), null));
        using var compact = JsonDocument.Parse(ManifestJson.Write([g, g]));
        using var indented = JsonDocument.Parse(ManifestJson.Write([g, g], indented: true));
        Assert.Equal(JsonSerializer.Serialize(compact.RootElement), JsonSerializer.Serialize(indented.RootElement));
    }

    private static string RandomString(Random rng)
    {
        var sb = new System.Text.StringBuilder();
        var n = rng.Next(0, 20);
        for (var i = 0; i < n; i++)
        {
            switch (rng.Next(6))
            {
                case 0:
                    sb.Append((char)rng.Next(0, 0x20));
                    break;
                case 1:
                    sb.Append("\"\\/"[rng.Next(3)]);
                    break;
                case 2:
                    sb.Append(char.ConvertFromUtf32(rng.Next(0x10000, 0x10FFFF)));
                    break;
                case 3:
                    sb.Append((char)rng.Next(0x80, 0xD7FF));
                    break;
                case 4:
                    sb.Append("\u2028\u2029<>&'"[rng.Next(6)]);
                    break;
                default:
                    sb.Append((char)rng.Next(0x20, 0x7F));
                    break;
            }
        }

        return sb.ToString();
    }
}
