using Serverless.Contracts.Plans;
using Serverless.Planning.Model;

namespace Serverless.Planning.Tests;

/// <summary>
/// An independent, deliberately plain re-implementation of the cost model the planner optimises, used to check the planner's
/// reported figures and to drive the brute-force enumerator. Shares no code with Serverless.Planning.Solving.
/// </summary>
public static class ReferenceModel
{
    public sealed record Result(double Compute, double Transfer, double Penalty, double MakespanMs, double Objective, int Units, bool Feasible, List<string> Why);

    public static Result? Evaluate(PlanRequest req, IReadOnlyList<(IReadOnlyList<int> Segments, string Region)> units)
    {
        var g = req.Graph;
        var n = g.Segments.Count;
        var env = req.Regions is null ? PlanEnvironment.Default : new PlanEnvironment(req.Origin!, req.Regions, req.Network!);
        var regions = env.Regions.ToDictionary(r => r.Name);
        var memMb = req.MemoryMb ?? g.Annotations?.ResourceConstraint?.MemoryMb ?? 1024;
        var timeoutMs = 1000.0 * (req.TimeoutSeconds ?? g.Annotations?.ResourceConstraint?.TimeoutSeconds ?? 60);
        var geo = req.GeoPreference ?? g.Annotations?.GeoPreference;
        double Lat(string a, string b) => a == b ? 0 : Look(env.Network.LatencyMs, a, b);
        double Egr(string a, string b) => a == b ? 0 : Look(env.Network.EgressPricePerGb, a, b);
        long Bytes(string v) => req.VariableBytes is not null && req.VariableBytes.TryGetValue(v, out var b) ? b : req.DefaultVariableBytes;
        double Time(string a, string b, double bytes) => a == b ? 0 : Lat(a, b) + (bytes * 8 / (env.Network.BandwidthMbps * 1000));

        var unitOf = new int[n];
        for (var u = 0; u < units.Count; u++)
        {
            foreach (var s in units[u].Segments)
            {
                unitOf[s] = u;
            }
        }

        var k = units.Count;
        var dur = new double[k];
        var compute = 0.0;
        var why = new List<string>();
        var penalty = 0.0;
        for (var u = 0; u < k; u++)
        {
            var r = regions[units[u].Region];
            dur[u] = units[u].Segments.Sum(s => g.Segments[s].Work) / r.Speed;
            compute += (r.PricePerGbSecond * (memMb / 1024.0) * dur[u] / 1000) + r.PricePerInvocation;
            var inPref = geo is null || geo.Regions.Contains(r.Name);
            if (geo is { Strict: true } && !inPref)
            {
                why.Add("strict geo");
            }

            if (geo is { Strict: false } && !inPref)
            {
                penalty += req.PreferencePenalty;
            }

            if (r.MaxMemoryMb < memMb)
            {
                why.Add("memory");
            }

            if (r.AvailableInstances <= 0)
            {
                why.Add("instances");
            }

            if (dur[u] > timeoutMs + 1e-9)
            {
                why.Add("timeout");
            }
        }

        if (!g.IsSplittable && k > 1)
        {
            why.Add("unsplittable");
        }

        // Transfers.
        var transfer = 0.0;
        var triples = new HashSet<(int, int, string)>();
        var pairBytes = new Dictionary<(int, int), double>();
        foreach (var e in g.Edges)
        {
            var a = unitOf[e.From];
            var b = unitOf[e.To];
            if (a == b)
            {
                continue;
            }

            if (!pairBytes.ContainsKey((a, b)))
            {
                pairBytes[(a, b)] = 0;
            }

            if (e.Kind != "data")
            {
                continue;
            }

            foreach (var v in e.Variables ?? [])
            {
                // The producer's unit hands its variables over when it completes: a later write of v there would
                // replace the value this consumer reads.
                if (Enumerable.Range(e.From + 1, n - e.From - 1).Any(w => unitOf[w] == a && g.Segments[w].Writes.Contains(v)))
                {
                    why.Add("stale read");
                }

                if (triples.Add((a, b, v)))
                {
                    pairBytes[(a, b)] += Bytes(v);
                    transfer += Bytes(v) / 1e9 * Egr(units[a].Region, units[b].Region);
                }
            }
        }

        // Arguments.
        var argBytes = new double[k];
        var hasArgs = new bool[k];
        var seenArgs = new HashSet<(int, string)>();
        var writtenBefore = new HashSet<string>();
        for (var s = 0; s < n; s++)
        {
            foreach (var v in g.Segments[s].Reads)
            {
                if (!writtenBefore.Contains(v) && seenArgs.Add((unitOf[s], v)))
                {
                    argBytes[unitOf[s]] += Bytes(v);
                    hasArgs[unitOf[s]] = true;
                    transfer += Bytes(v) / 1e9 * Egr(env.Origin, units[unitOf[s]].Region);
                }
            }

            foreach (var v in g.Segments[s].Writes)
            {
                writtenBefore.Add(v);
            }
        }

        // Data each segment reads where it lives ([DataSource]), brought to its unit's region while the unit runs.
        var dataMs = new double[k];
        for (var s = 0; s < n; s++)
        {
            var r = units[unitOf[s]].Region;
            foreach (var read in g.Segments[s].DataReads ?? [])
            {
                transfer += read.Bytes / 1e9 * Egr(read.Region, r);
                dataMs[unitOf[s]] += Time(read.Region, r, read.Bytes);
            }
        }

        // Schedule by memoised recursion; a cycle makes the partition invalid.
        var finish = new double?[k];
        var visiting = new bool[k];
        bool cyclic = false;
        double Finish(int u)
        {
            if (finish[u] is { } f)
            {
                return f;
            }

            if (visiting[u])
            {
                cyclic = true;
                return 0;
            }

            visiting[u] = true;
            var r = units[u].Region;
            var start = hasArgs[u] ? Time(env.Origin, r, argBytes[u]) : 0;
            foreach (var ((a, b), bytes) in pairBytes)
            {
                if (b == u)
                {
                    start = Math.Max(start, Finish(a) + Time(units[a].Region, r, bytes));
                }
            }

            visiting[u] = false;
            finish[u] = start + regions[r].DispatchLatencyMs + dataMs[u] + dur[u];
            return finish[u]!.Value;
        }

        var makespan = 0.0;
        for (var u = 0; u < k; u++)
        {
            makespan = Math.Max(makespan, Finish(u));
        }

        if (cyclic)
        {
            return null;
        }

        var ru = unitOf[n - 1];
        transfer += req.ReturnBytes / 1e9 * Egr(units[ru].Region, env.Origin);
        makespan = Math.Max(makespan, Finish(ru) + Time(units[ru].Region, env.Origin, req.ReturnBytes));
        if (req.Objective?.DeadlineMs is { } d && makespan > d + 1e-9)
        {
            why.Add("deadline");
        }

        var objective = compute + transfer + penalty + ((req.Objective?.LatencyWeight ?? 0) * makespan / 1000);
        return new Result(compute, transfer, penalty, makespan, objective, k, why.Count == 0, why);
    }

    public static Result? Evaluate(PlanRequest req, Plan plan) =>
        Evaluate(req, plan.Units.Select(u => (u.Segments, u.Region)).ToList());

    private static double Look(IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> map, string a, string b)
    {
        if (map.TryGetValue(a, out var row) && row.TryGetValue(b, out var v))
        {
            return v;
        }

        return map[b][a];
    }
}
