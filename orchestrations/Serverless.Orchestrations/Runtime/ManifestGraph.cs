using System.Text.Json;

namespace Serverless.Orchestrations.Runtime;

/// <summary>The parts of a function's manifest the runtime needs: each segment's reads and writes, and the edges.</summary>
public sealed record ManifestGraph(IReadOnlyList<ManifestSegment> Segments, IReadOnlyList<ManifestEdge> Edges, bool HasErrors)
{
    /// <summary>Parses manifest JSON: one function object, or <c>{"functions":[…]}</c> (the first is taken).</summary>
    public static ManifestGraph Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.TryGetProperty("functions", out var functions))
        {
            root = functions[0];
        }

        var segments = new List<ManifestSegment>();
        foreach (var s in root.GetProperty("segments").EnumerateArray())
        {
            segments.Add(new ManifestSegment(s.GetProperty("id").GetInt32(), Strings(s.GetProperty("reads")), Strings(s.GetProperty("writes"))));
        }

        var edges = new List<ManifestEdge>();
        foreach (var e in root.GetProperty("edges").EnumerateArray())
        {
            edges.Add(new ManifestEdge(e.GetProperty("from").GetInt32(), e.GetProperty("to").GetInt32(), e.GetProperty("kind").GetString() ?? "data", Strings(e.GetProperty("variables"))));
        }

        var hasErrors = root.TryGetProperty("diagnostics", out var diagnostics)
            && diagnostics.EnumerateArray().Any(d => d.TryGetProperty("severity", out var sev) && sev.GetString() == "error");
        return new ManifestGraph(segments, edges, hasErrors);
    }

    /// <summary>The segment that last wrote <paramref name="variable"/> before <paramref name="segment"/> reads it, or null for an input.</summary>
    public int? Producer(int segment, string variable)
    {
        foreach (var e in Edges)
        {
            if (e.To == segment && e.Kind == "data" && e.Variables.Contains(variable))
            {
                return e.From;
            }
        }

        return null;
    }

    private static List<string> Strings(JsonElement array) => [.. array.EnumerateArray().Select(x => x.GetString() ?? string.Empty)];
}

/// <summary>A segment's id with the top-level variables it reads and writes.</summary>
public sealed record ManifestSegment(int Id, IReadOnlyList<string> Reads, IReadOnlyList<string> Writes);

/// <summary>An edge of the manifest (<c>data</c>, <c>control</c> or <c>order</c>).</summary>
public sealed record ManifestEdge(int From, int To, string Kind, IReadOnlyList<string> Variables);
