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
    /// the first unit's start; a unit that has not run keeps its planned region; the plan's schedule shifted so that its
    /// first start is at 0 too), and one edge per pair of units that a
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
        // The planned schedule on the same axis: its first start at the first unit's actual start.
        var scheduled = plan.Units.Where(u => u.PlannedStartMs is not null && u.PlannedFinishMs is not null).ToList();
        var p0 = scheduled.Count == 0 ? 0 : scheduled.Min(u => u.PlannedStartMs!.Value);
        var units = plan.Units.Select(u => (timeline.TryGetValue(u.Id, out var r)
            ? new PictureUnit(u.Id, u.Segments, r.Region, r.Instance, (r.Start!.Value - t0).TotalMilliseconds, r.End is { } end ? (end - t0).TotalMilliseconds : null, Math.Max(1, r.Attempts))
            : new PictureUnit(u.Id, u.Segments, u.Region)) with
        {
            PlannedStartMs = u.PlannedStartMs is { } s && u.PlannedFinishMs is not null ? s - p0 : null,
            PlannedEndMs = u.PlannedStartMs is not null && u.PlannedFinishMs is { } f ? f - p0 : null,
        }).ToList();
        return new ExecutionPicture(
            graph?.Function ?? string.Empty,
            units,
            [.. carried.Select(c => new PictureEdge(c.Key.From, c.Key.To, [.. c.Value]))]);
    }
}
