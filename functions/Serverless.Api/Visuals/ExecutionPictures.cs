using Serverless.Api.Execution;
using Serverless.Api.Planning;
using Serverless.Contracts.Manifest;

namespace Serverless.Api.Visuals;

/// <summary>The picture of an execution of the API: its plan's units (where and when they ran, once they have) and the
/// edges of the function's graph that cross units, with the variables they carry.</summary>
public static class ExecutionPictures
{
    /// <summary>
    /// The units of <paramref name="plan"/>, placed and timed as <paramref name="ran"/> says (times in milliseconds from
    /// the first unit's start; a unit that has not run keeps its planned region), and one edge per pair of units that a
    /// segment edge of <paramref name="graph"/> crosses.
    /// </summary>
    public static ExecutionPicture Of(PlanPreview plan, SplitGraph? graph, IReadOnlyList<UnitTimelineEntry>? ran = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var unitOf = new Dictionary<int, int>();
        foreach (var unit in plan.Units)
        {
            foreach (var segment in unit.Segments)
            {
                unitOf[segment] = unit.Id;
            }
        }

        var carried = new SortedDictionary<(int From, int To), SortedSet<string>>();
        foreach (var edge in graph?.Edges ?? [])
        {
            if (unitOf.TryGetValue(edge.From, out var from) && unitOf.TryGetValue(edge.To, out var to) && from != to)
            {
                if (!carried.TryGetValue((from, to), out var variables))
                {
                    carried[(from, to)] = variables = new SortedSet<string>(StringComparer.Ordinal);
                }

                variables.UnionWith(edge.Variables);
            }
        }

        var timeline = (ran ?? []).Where(u => u.Start is not null).ToDictionary(u => u.Unit);
        var t0 = timeline.Count == 0 ? default : timeline.Values.Min(u => u.Start!.Value);
        var units = plan.Units.Select(u => timeline.TryGetValue(u.Id, out var r)
            ? new PictureUnit(u.Id, u.Segments, r.Region, r.Instance, (r.Start!.Value - t0).TotalMilliseconds, r.End is { } end ? (end - t0).TotalMilliseconds : null, Math.Max(1, r.Attempts))
            : new PictureUnit(u.Id, u.Segments, u.Region)).ToList();
        return new ExecutionPicture(
            graph?.Function ?? string.Empty,
            units,
            [.. carried.Select(c => new PictureEdge(c.Key.From, c.Key.To, [.. c.Value]))]);
    }
}
