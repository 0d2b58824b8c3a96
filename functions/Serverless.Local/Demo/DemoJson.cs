using System.Text.Json;
using System.Text.Json.Nodes;

namespace Serverless.Local.Demo;

/// <summary>
/// `demo --output json`: <c>{"samples":[{"function","resultEqual","units":[{"id","plannedRegion","region","instance"}],
/// "split":{"planned":{"makespanMs","cost","objective"},"measured":{"makespanMs","cost","objective"}},"unsplit":{"region",
/// "planned":{…},"measured":{…}},"replans":[…]}]}</c> (replans: see <c>ReplanJson</c>), the figures as `run --output json` prints them (the measured
/// objective is the planner's objective over the measured cost and makespan).
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
                    ["measured"] = new JsonObject { ["makespanMs"] = o.MeasuredMakespanMs, ["cost"] = o.MeasuredCost, ["objective"] = o.MeasuredObjective },
                },
                ["unsplit"] = new JsonObject
                {
                    ["region"] = o.UnsplitRegion,
                    ["planned"] = new JsonObject { ["makespanMs"] = o.UnsplitPlannedMakespanMs, ["cost"] = o.UnsplitPlannedCost, ["objective"] = o.UnsplitPlannedObjective },
                    ["measured"] = new JsonObject { ["makespanMs"] = o.UnsplitMeasuredMakespanMs, ["cost"] = o.UnsplitMeasuredCost, ["objective"] = o.UnsplitMeasuredObjective },
                },
                ["replans"] = Commands.ReplanJson.ToNode(o.Replans, o.SplitStarted),
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
