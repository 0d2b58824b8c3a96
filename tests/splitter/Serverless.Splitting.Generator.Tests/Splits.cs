using Serverless.Contracts.Manifest;
using Serverless.Orchestrations.Runtime;

namespace Serverless.Splitting.Generator.Tests;

/// <summary>Enumerates divisions of segments into units: all set partitions (small), or random ones.</summary>
internal static class Splits
{
    public static IEnumerable<IReadOnlyList<IReadOnlyList<int>>> AllPartitions(int n)
    {
        var assignment = new int[n];
        return Recurse(0, 0);

        IEnumerable<IReadOnlyList<IReadOnlyList<int>>> Recurse(int i, int blocks)
        {
            if (i == n)
            {
                yield return [.. Enumerable.Range(0, blocks).Select(b => (IReadOnlyList<int>)[.. Enumerable.Range(0, n).Where(s => assignment[s] == b)])];
                yield break;
            }

            for (var b = 0; b <= blocks; b++)
            {
                assignment[i] = b;
                foreach (var p in Recurse(i + 1, Math.Max(blocks, b + 1)))
                {
                    yield return p;
                }
            }
        }
    }

    public static IReadOnlyList<IReadOnlyList<int>> Random(int n, Random random)
    {
        var blocks = random.Next(1, n + 1);
        var assignment = Enumerable.Range(0, n).Select(_ => random.Next(blocks)).ToArray();
        return [.. Enumerable.Range(0, blocks).Select(b => (IReadOnlyList<int>)[.. Enumerable.Range(0, n).Where(s => assignment[s] == b)]).Where(u => u.Count > 0)];
    }

    /// <summary>Every valid split for up to 8 segments; otherwise the two extremes plus <paramref name="randomCount"/> random valid ones.</summary>
    public static IEnumerable<IReadOnlyList<IReadOnlyList<int>>> Valid(SplitGraph graph, int randomCount, int seed)
    {
        var n = graph.Segments.Count;
        if (n <= 8)
        {
            return AllPartitions(n).Where(p => SplitUnits.IsValid(graph, p));
        }

        var random = new Random(seed);
        var list = new List<IReadOnlyList<IReadOnlyList<int>>> { SplitUnits.Every(n), SplitUnits.One(n) };
        for (var attempts = 0; list.Count < randomCount + 2 && attempts < randomCount * 50; attempts++)
        {
            var p = Random(n, random);
            if (SplitUnits.IsValid(graph, p))
            {
                list.Add(p);
            }
        }

        return list;
    }
}
