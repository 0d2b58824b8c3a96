using System.Text.Json;
using Serverless.Contracts.Plans;

namespace Serverless.Local.Commands;

/// <summary>
/// The <c>replans</c> array of <c>run</c> and <c>demo --output json</c>: one object per unit moved out of its planned
/// region, <c>{"at","atMs","unitId","attempt","reason","fromRegion","toRegion","oldEstimateMs","newEstimateMs"}</c>
/// (<c>atMs</c>: ms after the execution started; <c>reason</c>: <c>declined</c> or <c>startDelay</c>).
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
            w.WriteEndObject();
        }

        w.WriteEndArray();
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
