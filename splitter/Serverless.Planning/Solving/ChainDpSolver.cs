namespace Serverless.Planning.Solving;

/// <summary>
/// Exact dynamic programming for chains (edges exactly i -> i+1): units are then intervals. State = (last segment
/// of a unit, its region); each state keeps the Pareto set of (cost, finish, units), because the makespan term is
/// a max over argument arrival and predecessor finish and so is not additive; a dominated label can never win.
/// </summary>
internal sealed class ChainDpSolver
{
    private readonly PlanProblem _p;

    public ChainDpSolver(PlanProblem problem)
    {
        _p = problem;
    }

    /// <summary>Largest chain this solver is used for automatically (its work grows as n² × regions²).</summary>
    public static bool Fits(PlanProblem p) => p.IsChain && (double)p.SegmentCount * p.SegmentCount * p.AllowedRegions.Length * p.AllowedRegions.Length <= 4e6;

    public (int[] UnitOf, int[] RegionOfSlot)? Solve()
    {
        var p = _p;
        var n = p.SegmentCount;
        var rc = p.RegionCount;
        var prefix = new double[n + 1];
        for (var s = 0; s < n; s++)
        {
            prefix[s + 1] = prefix[s] + p.Work[s];
        }

        // Data reads per region, as prefix sums: [(s + 1) * rc + r] covers segments 0..s.
        var dataCost = new double[(n + 1) * rc];
        var dataMs = new double[(n + 1) * rc];
        for (var s = 0; s < n; s++)
        {
            for (var r = 0; r < rc; r++)
            {
                dataCost[((s + 1) * rc) + r] = dataCost[(s * rc) + r] + p.SegmentDataCost[(s * rc) + r];
                dataMs[((s + 1) * rc) + r] = dataMs[(s * rc) + r] + p.SegmentDataMs[(s * rc) + r];
            }
        }

        // Bytes crossing the boundary after segment j (edges j -> j+1), distinct variables.
        var boundary = new double[n];
        for (var j = 0; j + 1 < n; j++)
        {
            var vars = new HashSet<int>();
            for (var i = p.InEdgeStart[j + 1]; i < p.InEdgeStart[j + 2]; i++)
            {
                var e = p.InEdges[i];
                for (var x = p.EdgeVarStart[e]; x < p.EdgeVarStart[e + 1]; x++)
                {
                    vars.Add(p.EdgeVars[x]);
                }
            }

            boundary[j] = vars.Sum(v => p.VariableBytes[v]);
        }

        // labels[end * rc + region]
        var labels = new List<Label>[n * rc];
        var stamp = new int[Math.Max(1, p.VariableNames.Length)];
        Array.Fill(stamp, -1);
        for (var a = 0; a < n; a++)
        {
            // Sources: the start (a == 0) or every label ending at a - 1.
            var sources = new List<(Label Label, int Region, int Index)>();
            if (a == 0)
            {
                sources.Add((new Label(0, 0, 0, -1, -1, -1), -1, -1));
            }
            else
            {
                foreach (var r in p.AllowedRegions)
                {
                    var list = labels[((a - 1) * rc) + r];
                    if (list is null)
                    {
                        continue;
                    }

                    for (var li = 0; li < list.Count; li++)
                    {
                        sources.Add((list[li], r, li));
                    }
                }
            }

            if (sources.Count == 0)
            {
                continue;
            }

            double argBytes = 0;
            var argCount = 0;
            for (var b = a; b < n; b++)
            {
                for (var i = p.InputStart[b]; i < p.InputStart[b + 1]; i++)
                {
                    var v = p.Inputs[i];
                    if (stamp[v] != a)
                    {
                        stamp[v] = a;
                        argBytes += p.VariableBytes[v];
                        argCount++;
                    }
                }

                var tooLongEverywhere = true;
                foreach (var r2 in p.AllowedRegions)
                {
                    var dur = (prefix[b + 1] - prefix[a]) / p.Speed[r2];
                    if (dur > p.TimeoutMs + 1e-9)
                    {
                        continue;
                    }

                    tooLongEverywhere = false;
                    var compute = (p.PricePerGbSecond[r2] * p.MemoryGb * dur / 1000.0) + p.PricePerInvocation[r2];
                    var fixedCost = compute + p.Egress(p.OriginLocation, r2, argBytes) + (p.Penalised[r2] ? p.PenaltyPerUnit : 0)
                        + dataCost[((b + 1) * rc) + r2] - dataCost[(a * rc) + r2];
                    var reading = dataMs[((b + 1) * rc) + r2] - dataMs[(a * rc) + r2];
                    var arrival = argCount > 0 ? p.PairTime(p.OriginLocation, r2, argBytes) : 0;
                    var target = labels[(b * rc) + r2] ??= [];
                    for (var si = 0; si < sources.Count; si++)
                    {
                        var (src, r1, index) = sources[si];
                        var start = arrival;
                        var cost = src.Cost + fixedCost;
                        if (r1 >= 0)
                        {
                            cost += p.Egress(r1, r2, boundary[a - 1]);
                            start = Math.Max(start, src.Finish + p.PairTime(r1, r2, boundary[a - 1]));
                        }

                        var finish = start + p.Dispatch[r2] + reading + dur;
                        Insert(target, new Label(cost, finish, src.Units + 1, a - 1, r1, index));
                    }
                }

                if (tooLongEverywhere)
                {
                    break;
                }
            }
        }

        // Pick the best final label.
        Label? best = null;
        var bestRegion = -1;
        double bestObjective = 0, bestMakespan = 0;
        foreach (var r in p.AllowedRegions)
        {
            var list = labels[((n - 1) * rc) + r];
            if (list is null)
            {
                continue;
            }

            foreach (var l in list)
            {
                var makespan = Math.Max(l.Finish, l.Finish + p.PairTime(r, p.OriginLocation, p.ReturnBytes));
                if (p.DeadlineMs is { } d && makespan > d + 1e-9)
                {
                    continue;
                }

                var objective = l.Cost + p.Egress(r, p.OriginLocation, p.ReturnBytes) + (p.LatencyWeight * makespan / 1000.0);
                var tol = p.Tolerance(bestObjective);
                if (best is null || objective < bestObjective - tol
                    || (objective <= bestObjective + tol && (makespan < bestMakespan - 1e-9 || (makespan <= bestMakespan + 1e-9 && l.Units < best.Units))))
                {
                    best = l;
                    bestRegion = r;
                    bestObjective = objective;
                    bestMakespan = makespan;
                }
            }
        }

        if (best is null)
        {
            return null;
        }

        // Walk back.
        var unitOfEnd = new List<(int End, int Region)>();
        var cur = best;
        var end = n - 1;
        var region = bestRegion;
        while (true)
        {
            unitOfEnd.Add((end, region));
            if (cur.PrevEnd < 0)
            {
                break;
            }

            var prev = labels[(cur.PrevEnd * rc) + cur.PrevRegion][cur.PrevIndex];
            end = cur.PrevEnd;
            region = cur.PrevRegion;
            cur = prev;
        }

        unitOfEnd.Reverse();
        var unitOf = new int[n];
        var regionOf = new int[unitOfEnd.Count];
        var s0 = 0;
        for (var u = 0; u < unitOfEnd.Count; u++)
        {
            regionOf[u] = unitOfEnd[u].Region;
            for (; s0 <= unitOfEnd[u].End; s0++)
            {
                unitOf[s0] = u;
            }
        }

        return (unitOf, regionOf);
    }

    private static void Insert(List<Label> list, Label label)
    {
        foreach (var l in list)
        {
            if (l.Cost <= label.Cost && l.Finish <= label.Finish && l.Units <= label.Units)
            {
                return;
            }
        }

        // Labels are referenced by index from later states only after this state is complete (a < b), so removing
        // dominated labels here is safe.
        list.RemoveAll(l => label.Cost <= l.Cost && label.Finish <= l.Finish && label.Units <= l.Units);
        list.Add(label);
    }

    private sealed record Label(double Cost, double Finish, int Units, int PrevEnd, int PrevRegion, int PrevIndex);
}
