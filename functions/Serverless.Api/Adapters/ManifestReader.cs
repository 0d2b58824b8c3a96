using System.Text.Json;
using Serverless.Splitting.Model;

namespace Serverless.Api.Adapters;

/// <summary>Reads one function object of the manifest JSON (as <c>serverless analyze</c> prints it) back into a <see cref="SplitGraph"/>.</summary>
public static class ManifestReader
{
    /// <summary>Parses a function object, or the first function of <c>{"functions":[…]}</c>.</summary>
    public static SplitGraph Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.TryGetProperty("functions", out var functions))
        {
            root = functions[0];
        }

        return new SplitGraph
        {
            Function = root.GetProperty("function").GetString()!,
            Parameters = [.. Array(root, "parameters").Select(p => new SplitParameter(p.GetProperty("name").GetString()!, p.GetProperty("type").GetString()!))],
            ReturnType = root.TryGetProperty("returnType", out var rt) ? rt.GetString() ?? "void" : "void",
            Annotations = Annotations(root),
            Segments = [.. Array(root, "segments").Select(s => new Segment(
                s.GetProperty("id").GetInt32(),
                Int(s, "startLine"),
                Int(s, "endLine"),
                Strings(s, "reads"),
                Strings(s, "writes"),
                s.TryGetProperty("work", out var w) && w.ValueKind == JsonValueKind.Number ? w.GetDouble() : 1.0))],
            Edges = [.. Array(root, "edges").Select(e => new SegmentEdge(e.GetProperty("from").GetInt32(), e.GetProperty("to").GetInt32(), e.GetProperty("kind").GetString()!, Strings(e, "variables")))],
            Diagnostics = [.. Array(root, "diagnostics").Select(d => new SplitDiagnostic(
                d.GetProperty("id").GetString()!,
                d.GetProperty("severity").GetString()!,
                Int(d, "line"),
                d.TryGetProperty("message", out var m) ? m.GetString() ?? string.Empty : string.Empty))],
        };
    }

    private static SplitAnnotations Annotations(JsonElement root)
    {
        if (!root.TryGetProperty("annotations", out var a) || a.ValueKind != JsonValueKind.Object)
        {
            return SplitAnnotations.None;
        }

        GeoPreferenceInfo? geo = null;
        if (a.TryGetProperty("geoPreference", out var g) && g.ValueKind == JsonValueKind.Object)
        {
            geo = new GeoPreferenceInfo(Strings(g, "regions"), g.TryGetProperty("strict", out var s) && s.ValueKind == JsonValueKind.True);
        }

        ResourceConstraintInfo? rc = null;
        if (a.TryGetProperty("resourceConstraint", out var r) && r.ValueKind == JsonValueKind.Object)
        {
            rc = new ResourceConstraintInfo(Int(r, "memoryMb"), Int(r, "timeoutSeconds"));
        }

        return new SplitAnnotations(geo, rc);
    }

    private static IEnumerable<JsonElement> Array(JsonElement obj, string name)
        => obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : [];

    private static List<string> Strings(JsonElement obj, string name) => [.. Array(obj, name).Select(x => x.GetString() ?? string.Empty)];

    private static int Int(JsonElement obj, string name) => obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : 0;
}
