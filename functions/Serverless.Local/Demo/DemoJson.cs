using System.Text.Json;
using System.Text.Json.Nodes;

namespace Serverless.Local.Demo;

/// <summary>
/// `demo --output json`: <c>{"samples":[{"function","resultEqual","units":[{"id","plannedRegion","region","instance"}],
/// "split":{"planned":{"makespanMs","cost","objective"},"measured":{"makespanMs","cost"}},"unsplit":{"region","planned":{…},
/// "measured":{…}},"replans":[]}]}</c>. What the demo does not measure (a measured objective, replans) is left out
/// or empty.
/// </summary>
internal static class DemoJson
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string Write(IReadOnlyList<SampleOutcome> outcomes)
    {
        var samples = new JsonArray();
        foreach (var o in outcomes)
        {
            var units = new JsonArray();
            foreach (var (id, planned, region, instance) in o.UnitPlacements)
            {
                units.Add(new JsonObject { ["id"] = id, ["plannedRegion"] = planned, ["region"] = region, ["instance"] = instance });
            }

            var sample = new JsonObject
            {
                ["function"] = o.FunctionId,
                ["resultEqual"] = o.ResultsEqual,
                ["units"] = units,
                ["split"] = new JsonObject
                {
                    ["planned"] = new JsonObject { ["makespanMs"] = o.PlannedMakespanMs, ["cost"] = o.PlannedCost, ["objective"] = o.PlannedObjective },
                    ["measured"] = new JsonObject { ["makespanMs"] = o.MeasuredMakespanMs, ["cost"] = o.MeasuredCost },
                },
                ["unsplit"] = new JsonObject
                {
                    ["region"] = o.UnsplitRegion,
                    ["planned"] = new JsonObject { ["makespanMs"] = o.UnsplitPlannedMakespanMs, ["cost"] = o.UnsplitPlannedCost, ["objective"] = o.UnsplitPlannedObjective },
                    ["measured"] = new JsonObject { ["makespanMs"] = o.UnsplitMeasuredMakespanMs, ["cost"] = o.UnsplitMeasuredCost },
                },
                ["replans"] = new JsonArray(),
            };
            if (o.Problem is not null)
            {
                sample["problem"] = o.Problem;
            }

            samples.Add(sample);
        }

        return new JsonObject { ["samples"] = samples }.ToJsonString(Indented);
    }
}
