namespace Serverless.Planning.Solving;

/// <summary>
/// First-improvement local search over full evaluations: move a unit to another region, merge two units (in either
/// one's region), move a segment to another unit, split a segment off into a new unit. Every move is priced by the
/// evaluator, so the order used is the planner's (violation, objective, makespan, units). Stops at a local optimum
/// or when the evaluation budget (a count, so the result is deterministic) is spent.
/// </summary>
internal sealed class LocalSearch
{
    private const int AllPairsLimit = 40;
    private const int SmallGraph = 24;
    private readonly PlanProblem _p;
    private readonly Evaluator _ev;
    private readonly List<int>[] _neighbours;

    public LocalSearch(PlanProblem problem, Evaluator evaluator)
    {
        _p = problem;
        _ev = evaluator;
        var n = problem.SegmentCount;
        _neighbours = new List<int>[n];
        for (var s = 0; s < n; s++)
        {
            _neighbours[s] = [];
        }

        for (var e = 0; e < problem.EdgeFrom.Length; e++)
        {
            _neighbours[problem.EdgeFrom[e]].Add(problem.EdgeTo[e]);
            _neighbours[problem.EdgeTo[e]].Add(problem.EdgeFrom[e]);
        }
    }

    public long Evaluations { get; private set; }

    public Assignment Improve(Assignment start, long budget)
    {
        var p = _p;
        var n = p.SegmentCount;
        var unitOf = (int[])start.UnitOf.Clone();
        var region = new int[(2 * n) + 2];
        start.RegionOfSlot.CopyTo(region, 0);
        var k = start.RegionOfSlot.Length;
        var best = start.Evaluation;
        var improved = true;
        var spent = 0L;

        bool Accept(int slots)
        {
            spent++;
            var e = _ev.Evaluate(unitOf, region.AsSpan(0, slots), n, true);
            if (e.IsBetterThan(best))
            {
                best = e;
                return true;
            }

            return false;
        }

        void Normalize()
        {
            var (u, r) = Assignment.Normalize(unitOf, region.AsSpan(0, Math.Max(k, MaxSlot() + 1)));
            u.CopyTo(unitOf, 0);
            Array.Clear(region);
            r.CopyTo(region, 0);
            k = r.Length;
        }

        int MaxSlot()
        {
            var m = 0;
            foreach (var u in unitOf)
            {
                m = Math.Max(m, u);
            }

            return m;
        }

        while (improved && spent < budget && p.Splittable)
        {
            improved = false;

            // 1. Every unit of one region to another region, then the region of each unit.
            for (var from = 0; from < p.RegionCount && spent < budget; from++)
            {
                foreach (var to in p.AllowedRegions)
                {
                    if (to == from || spent >= budget || Array.IndexOf(region, from, 0, k) < 0)
                    {
                        continue;
                    }

                    var saved = region.AsSpan(0, k).ToArray();
                    for (var u = 0; u < k; u++)
                    {
                        if (region[u] == from)
                        {
                            region[u] = to;
                        }
                    }

                    if (Accept(k))
                    {
                        improved = true;
                    }
                    else
                    {
                        saved.CopyTo(region, 0);
                    }
                }
            }

            for (var u = 0; u < k && spent < budget; u++)
            {
                var old = region[u];
                foreach (var r in p.AllowedRegions)
                {
                    if (r == old || spent >= budget)
                    {
                        continue;
                    }

                    region[u] = r;
                    if (Accept(k))
                    {
                        old = r;
                        improved = true;
                    }
                    else
                    {
                        region[u] = old;
                    }
                }
            }

            // 2. Merge two units.
            foreach (var (a, b) in MergePairs(unitOf, k))
            {
                if (spent >= budget)
                {
                    break;
                }

                if (a >= k || b >= k)
                {
                    continue;
                }

                var saved = (int[])unitOf.Clone();
                var regionA = region[a];
                var regionB = region[b];
                for (var s = 0; s < n; s++)
                {
                    if (unitOf[s] == b)
                    {
                        unitOf[s] = a;
                    }
                }

                if (Accept(k) || (regionB != regionA && SetAndAccept(a, regionB)))
                {
                    improved = true;
                    Normalize();
                }
                else
                {
                    saved.CopyTo(unitOf, 0);
                    region[a] = regionA;
                }
            }

            // 3. Small graphs: swap two segments between units, and move a run of a unit's segments to another
            // unit or to a new unit in any region (compound moves single moves cannot reach one step at a time).
            if (n <= SmallGraph)
            {
                for (var s = 0; s < n && spent < budget; s++)
                {
                    for (var t = s + 1; t < n && spent < budget; t++)
                    {
                        var us = unitOf[s];
                        var ut = unitOf[t];
                        if (us == ut)
                        {
                            continue;
                        }

                        unitOf[s] = ut;
                        unitOf[t] = us;
                        if (Accept(k))
                        {
                            improved = true;
                        }
                        else
                        {
                            unitOf[s] = us;
                            unitOf[t] = ut;
                        }
                    }
                }

                for (var u = 0; u < k && spent < budget; u++)
                {
                    var members = Enumerable.Range(0, n).Where(s => unitOf[s] == u).ToArray();
                    for (var i = 0; i < members.Length && spent < budget; i++)
                    {
                        for (var j = i; j < members.Length && spent < budget; j++)
                        {
                            if (i == 0 && j == members.Length - 1)
                            {
                                continue;
                            }

                            var accepted = false;
                            for (var target = 0; target <= k + p.AllowedRegions.Length - 1 && !accepted && spent < budget; target++)
                            {
                                var slot = target < k ? target : k;
                                if (slot == u)
                                {
                                    continue;
                                }

                                if (target >= k)
                                {
                                    region[k] = p.AllowedRegions[target - k];
                                }

                                for (var x = i; x <= j; x++)
                                {
                                    unitOf[members[x]] = slot;
                                }

                                if (Accept(slot == k ? k + 1 : k))
                                {
                                    accepted = true;
                                    improved = true;
                                    if (slot == k)
                                    {
                                        k++;
                                    }

                                    Normalize();
                                }
                                else
                                {
                                    for (var x = i; x <= j; x++)
                                    {
                                        unitOf[members[x]] = u;
                                    }
                                }
                            }

                            if (!accepted && j > i && spent < budget)
                            {
                                // The run as singletons in the unit's region: parallel branches need several units at once.
                                for (var x = i; x <= j; x++)
                                {
                                    unitOf[members[x]] = k + x - i;
                                    region[k + x - i] = region[u];
                                }

                                if (Accept(k + j - i + 1))
                                {
                                    accepted = true;
                                    improved = true;
                                    k += j - i + 1;
                                    Normalize();
                                }
                                else
                                {
                                    for (var x = i; x <= j; x++)
                                    {
                                        unitOf[members[x]] = u;
                                    }
                                }
                            }

                            if (accepted)
                            {
                                i = members.Length;
                                break;
                            }
                        }
                    }
                }
            }

            // 4. Move a segment to another unit, or split it off.
            for (var s = 0; s < n && spent < budget; s++)
            {
                var from = unitOf[s];
                var original = from;
                var kBefore = k;
                foreach (var target in TargetUnits(s, unitOf, k))
                {
                    if (target == from || spent >= budget)
                    {
                        continue;
                    }

                    unitOf[s] = target;
                    if (Accept(k))
                    {
                        improved = true;
                        from = target;
                    }
                    else
                    {
                        unitOf[s] = from;
                    }
                }

                foreach (var r in p.AllowedRegions)
                {
                    if (spent >= budget)
                    {
                        break;
                    }

                    unitOf[s] = k;
                    region[k] = r;
                    if (Accept(k + 1))
                    {
                        improved = true;
                        k++;
                        Normalize();
                        from = unitOf[s];
                    }
                    else
                    {
                        unitOf[s] = from;
                    }
                }

                if (unitOf[s] != original || k != kBefore)
                {
                    Normalize();
                }
            }
        }

        Evaluations += spent;
        var (uo, ro) = Assignment.Normalize(unitOf, region.AsSpan(0, Math.Max(k, MaxSlot() + 1)));
        return new Assignment(uo, ro, best);

        bool SetAndAccept(int unit, int r)
        {
            region[unit] = r;
            return Accept(k);
        }
    }

    private IEnumerable<(int A, int B)> MergePairs(int[] unitOf, int k)
    {
        if (k <= AllPairsLimit)
        {
            for (var a = 0; a < k; a++)
            {
                for (var b = a + 1; b < k; b++)
                {
                    yield return (a, b);
                }
            }

            yield break;
        }

        var seen = new HashSet<(int, int)>();
        for (var e = 0; e < _p.EdgeFrom.Length; e++)
        {
            var a = unitOf[_p.EdgeFrom[e]];
            var b = unitOf[_p.EdgeTo[e]];
            if (a != b && seen.Add((Math.Min(a, b), Math.Max(a, b))))
            {
                yield return (Math.Min(a, b), Math.Max(a, b));
            }
        }
    }

    private IEnumerable<int> TargetUnits(int s, int[] unitOf, int k)
    {
        if (k <= AllPairsLimit)
        {
            for (var u = 0; u < k; u++)
            {
                yield return u;
            }

            yield break;
        }

        var seen = new HashSet<int>();
        foreach (var t in _neighbours[s])
        {
            if (seen.Add(unitOf[t]))
            {
                yield return unitOf[t];
            }
        }
    }
}
