using Serverless.Planning;
using Serverless.Planning.Model;

namespace Serverless.Local.Demo;

/// <summary>
/// What the demo weighs a kept-whole plan against: the best plan of exactly two units. Every partition of the segments
/// into two acyclic units, each in any region, for graphs of up to <see cref="ExhaustiveMaxSegments"/> segments; beyond
/// that, every cut of source order into a prefix and a suffix. Each is priced by <see cref="CostModel"/>, so the figure
/// is the planner's own objective for that split.
/// </summary>
internal static class DemoSplitAlternative
{
    /// <summary>Up to this many segments every two-unit partition is tried (2^(n-1) - 1 of them, times regions²).</summary>
    public const int ExhaustiveMaxSegments = 12;

    /// <summary>The cheapest feasible two-unit plan (ties: smaller makespan), or null when there is none.</summary>
    public static Plan? BestTwoUnit(PlanRequest request, IReadOnlyList<string> regions)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(regions);
        var n = request.Graph.Segments.Count;
        if (n < 2)
        {
            return null;
        }

        Plan? best = null;
        foreach (var (first, second) in Partitions(n))
        {
            if (DependOnEachOther(request.Graph, first, second))
            {
                continue;
            }

            foreach (var r1 in regions)
            {
                foreach (var r2 in regions)
                {
                    PlanEvaluation evaluation;
                    try
                    {
                        evaluation = CostModel.Evaluate(request, [(first, r1), (second, r2)]);
                    }
                    catch (PlanningException)
                    {
                        continue;
                    }

                    var plan = evaluation.Plan;
                    if (evaluation.IsFeasible && (best is null || plan.Objective < best.Objective || (plan.Objective == best.Objective && plan.MakespanMs < best.MakespanMs)))
                    {
                        best = plan;
                    }
                }
            }
        }

        return best;
    }

    private static IEnumerable<(IReadOnlyList<int> First, IReadOnlyList<int> Second)> Partitions(int n)
    {
        if (n <= ExhaustiveMaxSegments)
        {
            // Segment 0 is always in the first unit, so each partition comes once; the second unit is never empty.
            var masks = (1 << (n - 1)) - 1;
            for (var mask = 0; mask < masks; mask++)
            {
                var first = new List<int> { 0 };
                var second = new List<int>();
                for (var s = 1; s < n; s++)
                {
                    (((mask >> (s - 1)) & 1) == 1 ? first : second).Add(s);
                }

                yield return (first, second);
            }

            yield break;
        }

        for (var cut = 1; cut < n; cut++)
        {
            yield return ([.. Enumerable.Range(0, cut)], [.. Enumerable.Range(cut, n - cut)]);
        }
    }

    private static bool DependOnEachOther(FunctionGraph graph, IReadOnlyList<int> first, IReadOnlyList<int> second)
    {
        var inFirst = first.ToHashSet();
        var forward = graph.Edges.Any(e => inFirst.Contains(e.From) && !inFirst.Contains(e.To));
        var backward = graph.Edges.Any(e => !inFirst.Contains(e.From) && inFirst.Contains(e.To));
        return forward && backward;
    }
}
