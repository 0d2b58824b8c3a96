namespace Serverless.Planning.Solving;

/// <summary>
/// HEFT-style list scheduling with fusion: segments in source (topological) order; each joins a unit that has no
/// successor yet (the unit of a predecessor, or the last unit opened) or opens a new unit in a region, whichever
/// adds least to the objective of the partial schedule (cost added + latency weight × makespan added). Joining only
/// successor-free units keeps the unit graph acyclic and the incremental schedule exact.
/// </summary>
internal sealed class GreedyScheduler
{
    private readonly PlanProblem _p;

    public GreedyScheduler(PlanProblem problem)
    {
        _p = problem;
    }

    /// <summary>How a variant fuses: with predecessors' units and the last unit, predecessors only, or never.</summary>
    public enum Fusion
    {
        PredecessorsAndLast,
        Predecessors,
        None,
    }

    public (int[] UnitOf, int[] RegionOfSlot) Run(Fusion fusion, int onlyRegion)
    {
        var p = _p;
        var n = p.SegmentCount;
        var rc = p.RegionCount;
        var vCount = Math.Max(1, p.VariableNames.Length);
        var unitOf = new int[n];
        var reg = new int[n];
        var dur = new double[n];
        var data = new double[n];
        var start = new double[n];
        var finish = new double[n];
        var hasSucc = new bool[n];
        var argBytes = new double[n];
        var argCount = new int[n];
        var pairBytes = new Dictionary<long, double>();
        var triples = new HashSet<long>();
        var inputs = new HashSet<long>();
        var predBytes = new Dictionary<int, double>();
        var localTriples = new HashSet<long>();
        var candidates = new List<int>();
        var k = 0;
        double makespan = 0;
        var origin = p.OriginLocation;
        var regions = onlyRegion >= 0 ? [onlyRegion] : p.AllowedRegions;

        for (var s = 0; s < n; s++)
        {
            // Predecessor units of s.
            candidates.Clear();
            for (var i = p.InEdgeStart[s]; i < p.InEdgeStart[s + 1]; i++)
            {
                var a = unitOf[p.EdgeFrom[p.InEdges[i]]];
                if (!hasSucc[a] && !candidates.Contains(a))
                {
                    candidates.Add(a);
                }
            }

            if (fusion == Fusion.None)
            {
                candidates.Clear();
            }
            else if (fusion == Fusion.PredecessorsAndLast && k > 0 && !hasSucc[k - 1] && !candidates.Contains(k - 1))
            {
                candidates.Add(k - 1);
            }

            var bestScore = double.PositiveInfinity;
            var bestUnit = -1;
            var bestRegion = -1;
            foreach (var u in candidates)
            {
                var r = reg[u];
                var w = p.Work[s] / p.Speed[r];
                if (dur[u] + w > p.TimeoutMs + 1e-9)
                {
                    continue;
                }

                var cost = p.SegmentCompute[(s * rc) + r] + p.SegmentDataCost[(s * rc) + r];
                var st = start[u];
                double newArgBytes = 0;
                var newArgs = 0;
                for (var i = p.InputStart[s]; i < p.InputStart[s + 1]; i++)
                {
                    var v = p.Inputs[i];
                    if (!inputs.Contains((u * (long)vCount) + v))
                    {
                        newArgBytes += p.VariableBytes[v];
                        newArgs++;
                    }
                }

                if (argCount[u] + newArgs > 0)
                {
                    st = Math.Max(st, p.PairTime(origin, r, argBytes[u] + newArgBytes));
                    cost += p.Egress(origin, r, newArgBytes);
                }

                GatherPredecessors(s, u, unitOf, triples, predBytes, localTriples, vCount, n);
                foreach (var (a, bytes) in predBytes)
                {
                    cost += p.Egress(reg[a], r, bytes);
                    var total = bytes + (pairBytes.TryGetValue(((long)a * n) + u, out var old) ? old : 0);
                    st = Math.Max(st, finish[a] + p.PairTime(reg[a], r, total));
                }

                var f = st + p.Dispatch[r] + data[u] + p.SegmentDataMs[(s * rc) + r] + dur[u] + w;
                var score = cost + (p.LatencyWeight * Math.Max(0, f - makespan) / 1000.0);
                if (bestRegion < 0 || score < bestScore - p.Tolerance(bestScore))
                {
                    bestScore = score;
                    bestUnit = u;
                    bestRegion = r;
                }
            }

            foreach (var r in regions)
            {
                var w = p.Work[s] / p.Speed[r];
                if (w > p.TimeoutMs + 1e-9)
                {
                    continue;
                }

                var cost = p.SegmentCompute[(s * rc) + r] + p.SegmentDataCost[(s * rc) + r] + p.PricePerInvocation[r] + (p.Penalised[r] ? p.PenaltyPerUnit : 0);
                double ab = 0;
                var ac = p.InputStart[s + 1] - p.InputStart[s];
                for (var i = p.InputStart[s]; i < p.InputStart[s + 1]; i++)
                {
                    ab += p.VariableBytes[p.Inputs[i]];
                }

                var st = ac > 0 ? p.PairTime(origin, r, ab) : 0;
                cost += p.Egress(origin, r, ab);
                GatherPredecessors(s, -1, unitOf, triples, predBytes, localTriples, vCount, n);
                foreach (var (a, bytes) in predBytes)
                {
                    cost += p.Egress(reg[a], r, bytes);
                    st = Math.Max(st, finish[a] + p.PairTime(reg[a], r, bytes));
                }

                var f = st + p.Dispatch[r] + p.SegmentDataMs[(s * rc) + r] + w;
                var score = cost + (p.LatencyWeight * Math.Max(0, f - makespan) / 1000.0);
                if (bestRegion < 0 || score < bestScore - p.Tolerance(bestScore))
                {
                    bestScore = score;
                    bestUnit = -1;
                    bestRegion = r;
                }
            }

            if (bestRegion < 0)
            {
                // Only when the region filter leaves nothing that fits: fall back to the fastest allowed region.
                bestRegion = p.AllowedRegions.OrderByDescending(r => p.Speed[r]).First();
            }

            // Apply.
            var unit = bestUnit;
            if (unit < 0)
            {
                unit = k++;
                reg[unit] = bestRegion;
            }

            var rr = reg[unit];
            unitOf[s] = unit;
            dur[unit] += p.Work[s] / p.Speed[rr];
            data[unit] += p.SegmentDataMs[(s * rc) + rr];
            for (var i = p.InputStart[s]; i < p.InputStart[s + 1]; i++)
            {
                var v = p.Inputs[i];
                if (inputs.Add((unit * (long)vCount) + v))
                {
                    argBytes[unit] += p.VariableBytes[v];
                    argCount[unit]++;
                }
            }

            var st2 = argCount[unit] > 0 ? p.PairTime(origin, rr, argBytes[unit]) : 0;
            st2 = Math.Max(st2, start[unit]);
            for (var i = p.InEdgeStart[s]; i < p.InEdgeStart[s + 1]; i++)
            {
                var e = p.InEdges[i];
                var a = unitOf[p.EdgeFrom[e]];
                if (a == unit)
                {
                    continue;
                }

                hasSucc[a] = true;
                var key = ((long)a * n) + unit;
                pairBytes.TryGetValue(key, out var pb);
                for (var x = p.EdgeVarStart[e]; x < p.EdgeVarStart[e + 1]; x++)
                {
                    var v = p.EdgeVars[x];
                    if (triples.Add((key * vCount) + v))
                    {
                        pb += p.VariableBytes[v];
                    }
                }

                pairBytes[key] = pb;
                st2 = Math.Max(st2, finish[a] + p.PairTime(reg[a], rr, pb));
            }

            start[unit] = st2;
            finish[unit] = st2 + p.Dispatch[rr] + data[unit] + dur[unit];
            makespan = Math.Max(makespan, finish[unit]);
        }

        return (unitOf, reg.AsSpan(0, k).ToArray());
    }

    /// <summary>Bytes s would receive from each other unit when placed in unit <paramref name="u"/> (-1: a new unit), new triples only.</summary>
    private void GatherPredecessors(int s, int u, int[] unitOf, HashSet<long> triples, Dictionary<int, double> predBytes, HashSet<long> local, int vCount, int n)
    {
        var p = _p;
        predBytes.Clear();
        local.Clear();
        for (var i = p.InEdgeStart[s]; i < p.InEdgeStart[s + 1]; i++)
        {
            var e = p.InEdges[i];
            var a = unitOf[p.EdgeFrom[e]];
            if (a == u)
            {
                continue;
            }

            predBytes.TryGetValue(a, out var bytes);
            for (var x = p.EdgeVarStart[e]; x < p.EdgeVarStart[e + 1]; x++)
            {
                var v = p.EdgeVars[x];
                var key = ((long)a * vCount) + v;
                if (local.Add(key) && (u < 0 || !triples.Contains((((long)a * n) + u) * vCount + v)))
                {
                    bytes += p.VariableBytes[v];
                }
            }

            predBytes[a] = bytes;
        }
    }
}
