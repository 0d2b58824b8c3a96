namespace Serverless.Planning.Solving;

/// <summary>
/// Branch and bound over every partition of the segments into units (canonical: a segment joins an earlier unit
/// or opens a new one) times every allowed region per unit. Bounds: the partial evaluation (every term only grows
/// as segments are added), the cheapest compute of the remaining segments, and the longest path of work at the
/// fastest allowed speed plus the smallest dispatch latency. Prunes cycles and timeouts as soon as they appear.
/// </summary>
internal sealed class ExactSolver
{
    private readonly PlanProblem _p;
    private readonly Evaluator _ev;
    private readonly int[] _unitOf;
    private readonly int[] _regionOf;
    private readonly double[] _suffixMin;
    private readonly double[] _longest;
    private readonly double _maxSpeed;
    private readonly double _minDispatch;
    private readonly double[] _minDataMs;
    private readonly long _budget;
    private long _nodes;
    private bool _aborted;

    public ExactSolver(PlanProblem problem, long nodeBudget)
    {
        _p = problem;
        _ev = new Evaluator(problem);
        var n = problem.SegmentCount;
        _unitOf = new int[n];
        _regionOf = new int[n];
        _longest = new double[n];
        _budget = nodeBudget;
        _suffixMin = new double[n + 1];
        for (var s = n - 1; s >= 0; s--)
        {
            var min = double.PositiveInfinity;
            foreach (var r in problem.AllowedRegions)
            {
                min = Math.Min(min, problem.SegmentCompute[(s * problem.RegionCount) + r] + problem.SegmentDataCost[(s * problem.RegionCount) + r]);
            }

            _suffixMin[s] = _suffixMin[s + 1] + min;
        }

        _minDataMs = new double[n];
        for (var s = 0; s < n; s++)
        {
            _minDataMs[s] = problem.AllowedRegions.Min(r => problem.SegmentDataMs[(s * problem.RegionCount) + r]);
        }

        _maxSpeed = problem.AllowedRegions.Max(r => problem.Speed[r]);
        _minDispatch = problem.AllowedRegions.Min(r => problem.Dispatch[r]);
    }

    public Assignment? Best { get; private set; }

    public long Nodes => _nodes;

    /// <summary>Searches; returns false when the node budget ran out (then <see cref="Best"/> is only the best seen).</summary>
    public bool Solve(Assignment? incumbent)
    {
        Best = incumbent is { Evaluation.IsFeasible: true } ? incumbent : null;
        _nodes = 0;
        _aborted = false;
        Recurse(0, 0);
        return !_aborted;
    }

    private void Recurse(int s, int k)
    {
        if (_aborted)
        {
            return;
        }

        if (!_p.Splittable && s > 0)
        {
            _unitOf[s] = 0;
            Try(s, k);
            return;
        }

        for (var u = 0; u < k && !_aborted; u++)
        {
            _unitOf[s] = u;
            Try(s, k);
        }

        foreach (var r in _p.AllowedRegions)
        {
            if (_aborted)
            {
                return;
            }

            _unitOf[s] = k;
            _regionOf[k] = r;
            Try(s, k + 1);
        }
    }

    private void Try(int s, int k)
    {
        if (++_nodes > _budget)
        {
            _aborted = true;
            return;
        }

        var n = _p.SegmentCount;
        var assigned = s + 1;
        var e = _ev.Evaluate(_unitOf, _regionOf.AsSpan(0, k), assigned, assigned == n);
        if (assigned == n)
        {
            if (e.IsFeasible && (Best is null || e.IsBetterThan(Best.Evaluation)))
            {
                Best = new Assignment((int[])_unitOf.Clone(), _regionOf.AsSpan(0, k).ToArray(), e);
            }

            return;
        }

        if (e.Cyclic || e.StaleRead || e.TimeoutExcessMs > 0)
        {
            return;
        }

        var makespanBound = Math.Max(e.MaxFinishMs, LongestPath(assigned));
        if (_p.DeadlineMs is { } deadline && makespanBound > deadline + 1e-9)
        {
            return;
        }

        if (Best is not null)
        {
            var bound = e.Compute + e.Transfer + e.Penalty + _suffixMin[assigned] + (_p.LatencyWeight * makespanBound / 1000.0);
            if (bound > Best.Evaluation.Objective + _p.Tolerance(Best.Evaluation.Objective))
            {
                return;
            }
        }

        Recurse(assigned, k);
    }

    private double LongestPath(int assigned)
    {
        var p = _p;
        var max = 0.0;
        for (var t = 0; t < p.SegmentCount; t++)
        {
            var w = t < assigned
                ? (p.Work[t] / p.Speed[_regionOf[_unitOf[t]]]) + p.SegmentDataMs[(t * p.RegionCount) + _regionOf[_unitOf[t]]]
                : (p.Work[t] / _maxSpeed) + _minDataMs[t];
            var before = 0.0;
            for (var i = p.InEdgeStart[t]; i < p.InEdgeStart[t + 1]; i++)
            {
                before = Math.Max(before, _longest[p.EdgeFrom[p.InEdges[i]]]);
            }

            _longest[t] = before + w;
            max = Math.Max(max, _longest[t]);
        }

        return max + _minDispatch;
    }
}
