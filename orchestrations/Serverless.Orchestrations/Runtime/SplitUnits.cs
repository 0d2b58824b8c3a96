using Serverless.Contracts.Manifest;

namespace Serverless.Orchestrations.Runtime;

/// <summary>Ways to divide a function's segments into units, and the check that a division can run.</summary>
public static class SplitUnits
{
    /// <summary>Each segment its own unit.</summary>
    public static IReadOnlyList<IReadOnlyList<int>> Every(int segmentCount)
        => [.. Enumerable.Range(0, segmentCount).Select(i => (IReadOnlyList<int>)[i])];

    /// <summary>All segments in one unit.</summary>
    public static IReadOnlyList<IReadOnlyList<int>> One(int segmentCount) => [[.. Enumerable.Range(0, segmentCount)]];

    /// <summary>The unit of each segment.</summary>
    public static int[] UnitOfSegment(int segmentCount, IReadOnlyList<IReadOnlyList<int>> units)
    {
        ArgumentNullException.ThrowIfNull(units);
        var unitOf = Enumerable.Repeat(-1, segmentCount).ToArray();
        for (var u = 0; u < units.Count; u++)
        {
            foreach (var s in units[u])
            {
                if (s < 0 || s >= segmentCount)
                {
                    throw new SplitPlanException($"Unit {u} lists segment {s}, but the function has segments 0..{segmentCount - 1}.");
                }

                if (unitOf[s] != -1)
                {
                    throw new SplitPlanException($"Segment {s} is in unit {unitOf[s]} and in unit {u}; each segment belongs to exactly one unit.");
                }

                unitOf[s] = u;
            }
        }

        var missing = Array.IndexOf(unitOf, -1);
        if (missing >= 0)
        {
            throw new SplitPlanException($"Segment {missing} is in no unit; every segment must belong to one.");
        }

        return unitOf;
    }

    /// <summary>For each unit, the units it depends on (an edge from one of their segments to one of its own).</summary>
    public static IReadOnlyList<IReadOnlySet<int>> Dependencies(SplitGraph graph, IReadOnlyList<IReadOnlyList<int>> units)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var unitOf = UnitOfSegment(graph.Segments.Count, units);
        var deps = units.Select(_ => new HashSet<int>()).ToList();
        foreach (var e in graph.Edges)
        {
            if (unitOf[e.From] != unitOf[e.To])
            {
                deps[unitOf[e.To]].Add(unitOf[e.From]);
            }
        }

        return deps;
    }

    /// <summary>Throws <see cref="SplitPlanException"/> unless every segment is in exactly one unit and the unit graph is acyclic.</summary>
    public static void Validate(SplitGraph graph, IReadOnlyList<IReadOnlyList<int>> units)
    {
        var deps = Dependencies(graph, units);
        var state = new int[units.Count];
        for (var u = 0; u < units.Count; u++)
        {
            Visit(u);
        }

        void Visit(int u)
        {
            if (state[u] == 2)
            {
                return;
            }

            if (state[u] == 1)
            {
                throw new SplitPlanException($"Units depend on each other in a cycle through unit {u}: group the segments differently (e.g. keep segments that feed each other in source order together).");
            }

            state[u] = 1;
            foreach (var d in deps[u])
            {
                Visit(d);
            }

            state[u] = 2;
        }
    }

    /// <summary>True when <see cref="Validate"/> would accept the division.</summary>
    public static bool IsValid(SplitGraph graph, IReadOnlyList<IReadOnlyList<int>> units)
    {
        try
        {
            Validate(graph, units);
            return true;
        }
        catch (SplitPlanException)
        {
            return false;
        }
    }
}
