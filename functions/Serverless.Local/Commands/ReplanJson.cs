using System.Text.Json;
using Serverless.Contracts.Plans;

namespace Serverless.Local.Commands;

/// <summary>
/// The <c>replans</c> array of <c>run</c> and <c>demo --output json</c>: one object per unit moved out of its planned
/// region, <c>{"at","atMs","unitId","attempt","reason","fromRegion","toRegion","oldEstimateMs","newEstimateMs"}</c>
/// (<c>atMs</c>: ms after the execution started; <c>reason</c>: <c>declined</c> or <c>startDelay</c>); from plan version 5
/// also <c>"replaced":[{"unitId","fromRegion","toRegion"}]</c> (the units not started yet that the re-plan of the rest
/// moved), <c>"elapsedMs"</c>, <c>"oldMakespanMs"</c> (the makespan as planned before) and <c>"newMakespanMs"</c> (the
/// re-planned makespan of the whole execution).
/// </summary>
internal static class ReplanJson
{
    public static void Write(Utf8JsonWriter w, IReadOnlyList<Replan>? replans, DateTimeOffset started)
    {
        w.WritePropertyName("replans");
        WriteArray(w, replans, started);
    }

    private static void WriteArray(Utf8JsonWriter w, IReadOnlyList<Replan>? replans, DateTimeOffset started)
    {
        w.WriteStartArray();
        foreach (var r in replans ?? [])
        {
            var at = new DateTimeOffset(DateTime.SpecifyKind(r.AtUtc, DateTimeKind.Utc));
            w.WriteStartObject();
            w.WriteString("at", at);
            w.WriteNumber("atMs", Math.Round(Math.Max(0, (at - started).TotalMilliseconds), 3));
            w.WriteNumber("unitId", r.UnitId);
            w.WriteNumber("attempt", r.Attempt);
            w.WriteString("reason", r.Reason);
            w.WriteString("fromRegion", r.FromRegion);
            w.WriteString("toRegion", r.ToRegion);
            w.WriteNumber("oldEstimateMs", Math.Round(r.OldEstimateMs, 3));
            w.WriteNumber("newEstimateMs", Math.Round(r.NewEstimateMs, 3));
            if (r.Replaced is { } replaced)
            {
                w.WriteStartArray("replaced");
                foreach (var u in replaced)
                {
                    w.WriteStartObject();
                    w.WriteNumber("unitId", u.UnitId);
                    w.WriteString("fromRegion", u.FromRegion);
                    w.WriteString("toRegion", u.ToRegion);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            Figure(w, "elapsedMs", r.ElapsedMs);
            Figure(w, "oldMakespanMs", r.OldMakespanMs);
            Figure(w, "newMakespanMs", r.NewMakespanMs);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void Figure(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, Math.Round(v, 3));
        }
    }

    /// <summary>The same array as a JSON node (for the demo's document).</summary>
    public static System.Text.Json.Nodes.JsonArray ToNode(IReadOnlyList<Replan>? replans, DateTimeOffset started)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            WriteArray(w, replans, started);
        }

        return System.Text.Json.Nodes.JsonNode.Parse(buffer.ToArray())!.AsArray();
    }
}
