using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace Serverless.Contracts.Manifest;

/// <summary>
/// Reads the manifest JSON <see cref="ManifestJson"/> writes (as <c>serverless analyze</c> prints it) back into
/// <see cref="SplitGraph"/>s: the one reader the API, the engine and the CLI share. Optional members may be absent
/// (no parameters, <c>void</c>, no annotations, no diagnostics, work 1, lines 0, no data reads, edge kind <c>data</c>) and unknown
/// members are ignored, so manifests written by a newer writer still read. Members only the generator knows
/// (variables, source positions) are not part of the JSON and read as empty.
/// </summary>
public static class ManifestReader
{
    /// <summary>Parses a function object, or the first function of <c>{"functions":[…]}</c>.</summary>
    public static SplitGraph Parse(string json)
    {
        using var document = Document(json);
        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("functions", out var functions))
        {
            if (functions.ValueKind != JsonValueKind.Array || functions.GetArrayLength() == 0)
            {
                throw new FormatException("The manifest's \"functions\" array is empty; analyze a project with a [Splitable] method first.");
            }

            root = functions[0];
        }

        return Function(root);
    }

    /// <summary>Parses every function of <c>{"functions":[…]}</c> (or a single function object), in order.</summary>
    public static IReadOnlyList<SplitGraph> ParseAll(string json)
    {
        using var document = Document(json);
        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("functions", out var functions))
        {
            return [.. Array(functions).Select(Function)];
        }

        return [Function(root)];
    }

    private static JsonDocument Document(string json)
    {
        if (json is null)
        {
            throw new ArgumentNullException(nameof(json));
        }

        return JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
    }

    private static SplitGraph Function(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"A manifest function must be a JSON object, not {root.ValueKind}.");
        }

        return new SplitGraph
        {
            Function = RequiredString(root, "function", "the function"),
            Parameters = [.. Array(root, "parameters").Select(p => new SplitParameter(RequiredString(p, "name", "a parameter"), RequiredString(p, "type", "a parameter")))],
            ReturnType = root.TryGetProperty("returnType", out var rt) && rt.ValueKind == JsonValueKind.String ? rt.GetString()! : "void",
            Annotations = Annotations(root),
            Segments = [.. Array(root, "segments").Select(s => new Segment(
                RequiredInt(s, "id", "a segment"),
                Int(s, "startLine"),
                Int(s, "endLine"),
                Strings(s, "reads"),
                Strings(s, "writes"),
                s.TryGetProperty("work", out var w) && w.ValueKind == JsonValueKind.Number ? w.GetDouble() : 1.0)
            {
                DataReads = [.. Array(s, "dataReads").Select(d => new DataRead(
                    RequiredString(d, "region", "a data read"),
                    d.TryGetProperty("bytes", out var b) && b.ValueKind == JsonValueKind.Number && b.TryGetInt64(out var bytes) ? bytes : 0))],
            })],
            Edges = [.. Array(root, "edges").Select(e => new SegmentEdge(
                RequiredInt(e, "from", "an edge"),
                RequiredInt(e, "to", "an edge"),
                e.TryGetProperty("kind", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString()! : EdgeKinds.Data,
                Strings(e, "variables")))],
            Diagnostics = [.. Array(root, "diagnostics").Select(d => new SplitDiagnostic(
                RequiredString(d, "id", "a diagnostic"),
                RequiredString(d, "severity", "a diagnostic"),
                Int(d, "line"),
                d.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : string.Empty))],
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
        => obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var value) ? Array(value) : [];

    private static IEnumerable<JsonElement> Array(JsonElement value)
        => value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : [];

    private static List<string> Strings(JsonElement obj, string name) => [.. Array(obj, name).Select(x => x.ValueKind == JsonValueKind.String ? x.GetString()! : string.Empty)];

    private static int Int(JsonElement obj, string name) => obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : 0;

    private static int RequiredInt(JsonElement obj, string name, string owner)
        => obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i)
            ? i
            : throw new FormatException($"The manifest is missing \"{name}\" (an integer) of {owner}; write it with `serverless analyze`.");

    private static string RequiredString(JsonElement obj, string name, string owner)
        => obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()!
            : throw new FormatException($"The manifest is missing \"{name}\" (a string) of {owner}; write it with `serverless analyze`.");
}
