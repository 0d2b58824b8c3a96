using Serverless.Contracts.Plans;
using Serverless.Planning.Model;

namespace Serverless.Planning.Solving;

/// <summary>
/// Prices an assignment of segments to units (slots) and of units to regions, exactly by the cost model.
/// Reuses its buffers: one instance per thread. With <c>assigned &lt; n</c> it evaluates the prefix of segments
/// 0..assigned-1 only (every term is then a lower bound of the full assignment's; used by branch and bound).
/// </summary>
internal sealed class Evaluator
{
    private readonly PlanProblem _p;
    private readonly Dictionary<long, int> _pairIndex = [];
    private readonly HashSet<long> _triples = [];
    private readonly HashSet<long> _unitInputs = [];
    private readonly PriorityQueue<int, int> _ready = new();
    private int[] _slotMap = [];
    private int[] _unitOfSeg = [];
    private int[] _reg = [];
    private double[] _dur = [];
    private double[] _data = [];
    private int[] _minSeg = [];
    private double[] _start = [];
    private double[] _finish = [];
    private double[] _argBytes = [];
    private int[] _argCount = [];
    private int[] _indeg = [];
    private int[] _topo = [];
    private int[] _order = [];
    private int[] _outStart = [];
    private int[] _inStart = [];
    private int[] _outPairs = [];
    private int[] _inPairs = [];
    private int[] _pairA = [];
    private int[] _pairB = [];
    private double[] _pairBytes = [];
    private int _pairCount;
    private int _units;
    private int _resultUnit;

    public Evaluator(PlanProblem problem)
    {
        _p = problem;
    }

    public Evaluation Evaluate(ReadOnlySpan<int> unitOf, ReadOnlySpan<int> regionOfSlot, int assigned, bool final)
    {
        var p = _p;
        Ensure(regionOfSlot.Length);

        // Compact slots into units in order of first segment; each segment's data reads go to its unit's region.
        Array.Fill(_slotMap, -1, 0, regionOfSlot.Length);
        var k = 0;
        double dataCost = 0;
        for (var s = 0; s < assigned; s++)
        {
            var slot = unitOf[s];
            var u = _slotMap[slot];
            if (u < 0)
            {
                u = k++;
                _slotMap[slot] = u;
                _reg[u] = regionOfSlot[slot];
                _dur[u] = 0;
                _data[u] = 0;
                _minSeg[u] = s;
                _argBytes[u] = 0;
                _argCount[u] = 0;
            }

            _unitOfSeg[s] = u;
            _dur[u] += p.Work[s] / p.Speed[_reg[u]];
            _data[u] += p.SegmentDataMs[(s * p.RegionCount) + _reg[u]];
            dataCost += p.SegmentDataCost[(s * p.RegionCount) + _reg[u]];
        }

        _units = k;
        double compute = 0, transfer = dataCost, penalty = 0, timeoutExcess = 0;
        var disallowed = 0;
        for (var u = 0; u < k; u++)
        {
            var r = _reg[u];
            compute += (p.PricePerGbSecond[r] * p.MemoryGb * _dur[u] / 1000.0) + p.PricePerInvocation[r];
            if (p.Penalised[r])
            {
                penalty += p.PenaltyPerUnit;
            }

            if (!p.Allowed[r])
            {
                disallowed++;
            }

            if (_dur[u] > p.TimeoutMs + 1e-9)
            {
                timeoutExcess += _dur[u] - p.TimeoutMs;
            }
        }

        // Pairs of units and transfer triples.
        _pairIndex.Clear();
        _triples.Clear();
        _pairCount = 0;
        var stale = false;
        var vCount = Math.Max(1, p.VariableNames.Length);
        var edgeCount = p.EdgeFrom.Length;
        for (var e = 0; e < edgeCount; e++)
        {
            var to = p.EdgeTo[e];
            if (to >= assigned)
            {
                continue;
            }

            var a = _unitOfSeg[p.EdgeFrom[e]];
            var b = _unitOfSeg[to];
            if (a == b)
            {
                continue;
            }

            var key = ((long)a * k) + b;
            if (!_pairIndex.TryGetValue(key, out var pi))
            {
                pi = _pairCount++;
                _pairIndex[key] = pi;
                _pairA[pi] = a;
                _pairB[pi] = b;
                _pairBytes[pi] = 0;
            }

            for (var i = p.EdgeVarStart[e]; i < p.EdgeVarStart[e + 1]; i++)
            {
                var v = p.EdgeVars[i];
                for (var w = p.LaterWriterStart[i]; w < p.LaterWriterStart[i + 1]; w++)
                {
                    var writer = p.LaterWriters[w];
                    if (writer < assigned && _unitOfSeg[writer] == a)
                    {
                        stale = true;
                    }
                }

                if (_triples.Add((pi * (long)vCount) + v))
                {
                    var bytes = p.VariableBytes[v];
                    _pairBytes[pi] += bytes;
                    transfer += p.Egress(_reg[a], _reg[b], bytes);
                }
            }
        }

        // Arguments from the origin.
        _unitInputs.Clear();
        var origin = p.OriginLocation;
        for (var s = 0; s < assigned; s++)
        {
            var u = _unitOfSeg[s];
            for (var i = p.InputStart[s]; i < p.InputStart[s + 1]; i++)
            {
                var v = p.Inputs[i];
                if (_unitInputs.Add((u * (long)vCount) + v))
                {
                    var bytes = p.VariableBytes[v];
                    _argBytes[u] += bytes;
                    _argCount[u]++;
                    transfer += p.Egress(origin, _reg[u], bytes);
                }
            }
        }

        // Adjacency (CSR) over pairs.
        Array.Clear(_outStart, 0, k + 1);
        Array.Clear(_inStart, 0, k + 1);
        for (var i = 0; i < _pairCount; i++)
        {
            _outStart[_pairA[i] + 1]++;
            _inStart[_pairB[i] + 1]++;
        }

        for (var u = 0; u < k; u++)
        {
            _outStart[u + 1] += _outStart[u];
            _inStart[u + 1] += _inStart[u];
            _indeg[u] = _inStart[u + 1] - _inStart[u];
        }

        Array.Copy(_outStart, _order, k);
        Array.Copy(_inStart, _topo, k);
        for (var i = 0; i < _pairCount; i++)
        {
            _outPairs[_order[_pairA[i]]++] = i;
            _inPairs[_topo[_pairB[i]]++] = i;
        }

        // Topological order (ties by first segment) and the schedule.
        _ready.Clear();
        for (var u = 0; u < k; u++)
        {
            if (_indeg[u] == 0)
            {
                _ready.Enqueue(u, _minSeg[u]);
            }
        }

        var done = 0;
        double maxFinish = 0;
        while (_ready.TryDequeue(out var u, out _))
        {
            _topo[done++] = u;
            var r = _reg[u];
            var start = _argCount[u] > 0 ? p.PairTime(origin, r, _argBytes[u]) : 0;
            for (var i = _inStart[u]; i < _inStart[u + 1]; i++)
            {
                var pi = _inPairs[i];
                var a = _pairA[pi];
                var t = _finish[a] + p.PairTime(_reg[a], r, _pairBytes[pi]);
                if (t > start)
                {
                    start = t;
                }
            }

            _start[u] = start;
            _finish[u] = start + p.Dispatch[r] + _data[u] + _dur[u];
            if (_finish[u] > maxFinish)
            {
                maxFinish = _finish[u];
            }

            for (var i = _outStart[u]; i < _outStart[u + 1]; i++)
            {
                var b = _pairB[_outPairs[i]];
                if (--_indeg[b] == 0)
                {
                    _ready.Enqueue(b, _minSeg[b]);
                }
            }
        }

        if (done < k)
        {
            return new Evaluation(compute, transfer, penalty, double.PositiveInfinity, double.PositiveInfinity, double.PositiveInfinity, k, true, stale, disallowed, timeoutExcess, 0);
        }

        var makespan = maxFinish;
        _resultUnit = -1;
        if (final && assigned > 0)
        {
            var ru = _unitOfSeg[assigned - 1];
            _resultUnit = ru;
            var r = _reg[ru];
            transfer += p.Egress(r, origin, p.ReturnBytes);
            makespan = Math.Max(makespan, _finish[ru] + p.PairTime(r, origin, p.ReturnBytes));
        }

        var deadlineExcess = p.DeadlineMs is { } d && makespan > d + 1e-9 ? makespan - d : 0;
        var objective = compute + transfer + penalty + (p.LatencyWeight * makespan / 1000.0);
        return new Evaluation(compute, transfer, penalty, makespan, maxFinish, objective, k, false, stale, disallowed, timeoutExcess, deadlineExcess);
    }

    /// <summary>Builds the plan of the last full evaluation.</summary>
    public Plan BuildPlan(string algorithm, in Evaluation e)
    {
        var p = _p;
        var k = _units;
        var idOf = new int[k];
        for (var i = 0; i < k; i++)
        {
            idOf[_topo[i]] = i;
        }

        var segments = new List<int>[k];
        for (var i = 0; i < k; i++)
        {
            segments[i] = [];
        }

        var n = p.SegmentCount;
        for (var s = 0; s < n; s++)
        {
            segments[idOf[_unitOfSeg[s]]].Add(s);
        }

        var units = new ScheduledUnit[k];
        for (var i = 0; i < k; i++)
        {
            var u = _topo[i];
            var r = _reg[u];
            var deps = new SortedSet<int>();
            for (var j = _inStart[u]; j < _inStart[u + 1]; j++)
            {
                deps.Add(idOf[_pairA[_inPairs[j]]]);
            }

            var inputs = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var s in segments[i])
            {
                for (var j = p.InputStart[s]; j < p.InputStart[s + 1]; j++)
                {
                    inputs.Add(p.VariableNames[p.Inputs[j]]);
                }
            }

            units[i] = new ScheduledUnit(
                i,
                segments[i],
                p.RegionNames[r],
                [.. deps],
                _start[u],
                _finish[u],
                _dur[u],
                (p.PricePerGbSecond[r] * p.MemoryGb * _dur[u] / 1000.0) + p.PricePerInvocation[r],
                [.. inputs])
            {
                DataReadMs = _data[u],
            };
        }

        return new Plan(
            algorithm,
            units,
            new PlanCost(e.Compute, e.Transfer, e.Compute + e.Transfer),
            e.MakespanMs,
            e.Objective,
            e.Penalty,
            _resultUnit >= 0 ? idOf[_resultUnit] : -1);
    }

    private void Ensure(int slots)
    {
        if (_slotMap.Length < slots)
        {
            _slotMap = new int[slots];
        }

        var segs = _p.SegmentCount;
        if (_unitOfSeg.Length < segs)
        {
            _unitOfSeg = new int[segs];
            _reg = new int[segs];
            _dur = new double[segs];
            _data = new double[segs];
            _minSeg = new int[segs];
            _start = new double[segs];
            _finish = new double[segs];
            _argBytes = new double[segs];
            _argCount = new int[segs];
            _indeg = new int[segs];
            _topo = new int[segs];
            _order = new int[segs + 1];
            _outStart = new int[segs + 1];
            _inStart = new int[segs + 1];
            var e = Math.Max(1, _p.EdgeFrom.Length);
            _outPairs = new int[e];
            _inPairs = new int[e];
            _pairA = new int[e];
            _pairB = new int[e];
            _pairBytes = new double[e];
        }
    }
}
