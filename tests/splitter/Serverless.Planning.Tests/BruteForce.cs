using Serverless.Contracts.Plans;
using Serverless.Planning.Model;

namespace Serverless.Planning.Tests;

/// <summary>Enumerates every partition into units (restricted growth strings) times every region per unit.</summary>
public static class BruteForce
{
    public static (ReferenceModel.Result Result, List<(IReadOnlyList<int> Segments, string Region)> Units)? Best(PlanRequest req)
    {
        var n = req.Graph.Segments.Count;
        var regionNames = (req.Regions ?? PlanEnvironment.Default.Regions).Select(r => r.Name).ToArray();
        (ReferenceModel.Result Result, List<(IReadOnlyList<int>, string)> Units)? best = null;
        var label = new int[n];

        void Partition(int s, int k)
        {
            if (s == n)
            {
                var groups = Enumerable.Range(0, k).Select(u => (IReadOnlyList<int>)Enumerable.Range(0, n).Where(t => label[t] == u).ToList()).ToList();

                // Reject cyclic partitions once, with any regions.
                if (ReferenceModel.Evaluate(req, groups.Select(gr => (gr, regionNames[0])).ToList()) is null)
                {
                    return;
                }

                var assignment = new int[k];
                while (true)
                {
                    var units = groups.Select((gr, u) => (gr, regionNames[assignment[u]])).ToList();
                    var r = ReferenceModel.Evaluate(req, units)!;
                    if (r.Feasible && (best is null || Better(r, best.Value.Result)))
                    {
                        best = (r, units);
                    }

                    var i = 0;
                    while (i < k && ++assignment[i] == regionNames.Length)
                    {
                        assignment[i] = 0;
                        i++;
                    }

                    if (i == k)
                    {
                        break;
                    }
                }

                return;
            }

            for (var u = 0; u <= k; u++)
            {
                label[s] = u;
                Partition(s + 1, Math.Max(k, u + 1));
            }
        }

        Partition(0, 0);
        return best;
    }

    private static bool Better(ReferenceModel.Result a, ReferenceModel.Result b)
    {
        var tol = (1e-9 * Math.Abs(b.Objective)) + 1e-15;
        if (Math.Abs(a.Objective - b.Objective) > tol)
        {
            return a.Objective < b.Objective;
        }

        if (Math.Abs(a.MakespanMs - b.MakespanMs) > 1e-9)
        {
            return a.MakespanMs < b.MakespanMs;
        }

        return a.Units < b.Units;
    }
}
