using Serverless.Api.Visuals;
using Serverless.Contracts.Plans;

namespace Serverless.Local.Demo;

/// <summary>
/// The demo's pictures of one sample in the output directory: the split DAG coloured by region (<c>.dag.svg</c>, and
/// Mermaid text <c>.mmd</c>) and the timelines per region and instance of the split and unsplit runs.
/// </summary>
internal static class DemoPictures
{
    /// <summary>Writes the four files and returns their common path stem.</summary>
    public static string Write(string outDir, string name, string functionId, DemoExecution split, DemoExecution whole)
    {
        var picture = Picture(functionId, split);
        var stem = Path.Combine(outDir, name);
        File.WriteAllText(stem + ".dag.svg", DagSvg.Render(picture));
        File.WriteAllText(stem + ".mmd", MermaidGraph.Render(picture));
        File.WriteAllText(stem + ".timeline.svg", GanttSvg.Render(picture));
        File.WriteAllText(stem + ".unsplit.timeline.svg", GanttSvg.Render(Picture(functionId + " (unsplit)", whole)));
        return stem;
    }

    /// <summary>The plan's units placed where they ran (times relative to the execution's start) and its data and order edges.</summary>
    public static ExecutionPicture Picture(string functionId, DemoExecution run)
    {
        var ran = run.Outcome.Result?.Units.ToDictionary(u => u.Id) ?? new Dictionary<int, UnitRun>();
        var units = run.Plan.Units.Select(u => ran.TryGetValue(u.Id, out var r)
            ? new PictureUnit(u.Id, u.Segments, r.Region, r.Instance, (r.StartedAt - run.Started).TotalMilliseconds, (r.EndedAt - run.Started).TotalMilliseconds, r.Attempts)
            : new PictureUnit(u.Id, u.Segments, u.Region)).ToList();
        var edges = new List<PictureEdge>();
        foreach (var u in run.Plan.Units)
        {
            foreach (var group in u.Inputs.Where(i => i.ProducerUnit is not null).GroupBy(i => i.ProducerUnit!.Value).OrderBy(g => g.Key))
            {
                edges.Add(new PictureEdge(group.Key, u.Id, [.. group.Select(i => i.Variable).Order(StringComparer.Ordinal)]));
            }

            foreach (var d in u.DependsOn.Concat(u.ControlDependsOn).Where(d => !u.Inputs.Any(i => i.ProducerUnit == d)).Distinct().Order())
            {
                edges.Add(new PictureEdge(d, u.Id, []));
            }
        }

        return new ExecutionPicture(functionId, units, edges);
    }
}
