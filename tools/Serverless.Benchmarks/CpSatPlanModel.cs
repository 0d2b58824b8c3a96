using Google.OrTools.Sat;
using Serverless.Planning.Model;

namespace Serverless.Benchmarks;

/// <summary>
/// The planner's cost model as a CP-SAT model: segments into units (slot a holds the unit whose first segment is a),
/// a region per unit, the unit schedule (arguments from the origin, transfers between units, dispatch, the data its
/// segments read where it lives, work, the result back to the origin) and the objective cost + latencyWeight × makespan (s) + penalty per unit outside a
/// non-strict preference, with the timeout and deadline as constraints. Money is scaled to 1e-12, time to 1 µs.
/// Exact for graphs whose every carried variable has one writer and all its edges leave that writer (the analysis
/// shape); <see cref="Supports"/> says why a request is outside that.
/// </summary>
public sealed class CpSatPlanModel
{
    private const double MoneyScale = 1e12;
    private const double TicksPerMs = 1000;

    private readonly PlanRequest _request;
    private readonly CpModel _model = new();
    private readonly int _n;
    private readonly int[] _allowed;
    private readonly BoolVar[][] _x;
    private readonly Dictionary<int, BoolVar>[] _z;
    private readonly List<IntVar> _vars = [];

    private CpSatPlanModel(PlanRequest request)
    {
        _request = request;
        var graph = request.Graph;
        _n = graph.Segments.Count;
        var regions = request.Regions!;
        var rCount = regions.Count;
        var names = regions.Select(r => r.Name).ToList();
        var network = request.Network!;
        var memoryMb = request.MemoryMb ?? graph.Annotations?.ResourceConstraint?.MemoryMb ?? PlanRequest.DefaultMemoryMb;
        var timeoutSeconds = request.TimeoutSeconds ?? graph.Annotations?.ResourceConstraint?.TimeoutSeconds ?? PlanRequest.DefaultTimeoutSeconds;
        var geo = request.GeoPreference ?? graph.Annotations?.GeoPreference;
        var memoryGb = memoryMb / 1024.0;
        var mpb = 8.0 / (network.BandwidthMbps * 1000.0);
        var lw = request.Objective?.LatencyWeight ?? 0;

        var penalised = new bool[rCount];
        _allowed = Enumerable.Range(0, rCount).Where(r =>
        {
            var inPreference = geo is null || geo.Regions.Contains(regions[r].Name);
            penalised[r] = !inPreference && geo is { Strict: false };
            return (inPreference || geo is { Strict: false }) && regions[r].MaxMemoryMb >= memoryMb && regions[r].AvailableInstances > 0;
        }).ToArray();
        var penalty = request.PreferencePenalty;

        // Locations: the regions, then the origin when it is not one.
        var locations = names.ToList();
        var origin = locations.IndexOf(request.Origin!);
        if (origin < 0)
        {
            origin = locations.Count;
            locations.Add(request.Origin!);
        }

        double Lat(int a, int b) => Lookup(network.LatencyMs, locations[a], locations[b]);
        double EgressPerByte(int a, int b) => Lookup(network.EgressPricePerGb, locations[a], locations[b]) / 1e9;

        // Horizon: everything in sequence in the slowest region with every transfer.
        // Every variable the graph names counts at its size (or the default size), and the result.
        var totalBytes = graph.Segments.SelectMany(g => g.Reads.Concat(g.Writes)).Distinct(StringComparer.Ordinal)
            .Sum(v => (double)(VariableBytes(request).TryGetValue(v, out var size) ? size : request.DefaultVariableBytes)) + request.ReturnBytes;
        var maxLat = Enumerable.Range(0, locations.Count).SelectMany(a => Enumerable.Range(0, locations.Count).Select(b => Lat(a, b))).Max();
        // Data reads ([DataSource]): per segment and region of its unit, egress and time from each data location.
        var dataCost = new double[_n][];
        var dataMs = new double[_n][];
        for (var s = 0; s < _n; s++)
        {
            dataCost[s] = new double[rCount];
            dataMs[s] = new double[rCount];
            foreach (var read in graph.Segments[s].DataReads ?? [])
            {
                var from = locations.IndexOf(read.Region);
                for (var r = 0; r < rCount; r++)
                {
                    if (from != r)
                    {
                        dataCost[s][r] += read.Bytes * EgressPerByte(from, r);
                        dataMs[s][r] += Lat(from, r) + (read.Bytes * mpb);
                    }
                }
            }
        }

        var horizonMs = (graph.Segments.Sum(s => s.Work) / regions.Min(r => r.Speed)) + (_n * regions.Max(r => r.DispatchLatencyMs))
            + dataMs.Sum(d => d.Max())
            + ((_n + 2) * (maxLat + (totalBytes * mpb)));
        var horizon = Ticks(horizonMs) + 10;

        var objective = LinearExpr.NewBuilder();

        // Segment s in slot a (a <= s); slot a is open when segment a is in it.
        _x = new BoolVar[_n][];
        for (var s = 0; s < _n; s++)
        {
            _x[s] = new BoolVar[s + 1];
            for (var a = 0; a <= s; a++)
            {
                _x[s][a] = Bool($"x{s}_{a}");
                if (a < s)
                {
                    _model.AddImplication(_x[s][a], _x[a][a]);
                }
            }

            _model.AddExactlyOne(_x[s]);
            if (!graph.IsSplittable && s > 0)
            {
                _model.Add(_x[s][0] == 1);
            }
        }

        // Region of each segment (a unit's segments share it: the region of its slot's first segment).
        _z = new Dictionary<int, BoolVar>[_n];
        for (var s = 0; s < _n; s++)
        {
            _z[s] = _allowed.ToDictionary(r => r, r => Bool($"z{s}_{r}"));
            _model.AddExactlyOne(_z[s].Values);
            for (var a = 0; a < s; a++)
            {
                foreach (var r in _allowed)
                {
                    _model.AddBoolOr([_x[s][a].Not(), _z[a][r].Not(), _z[s][r]]);
                }
            }
        }

        // Compute: per segment by its region; per unit the invocation price and the preference penalty.
        var durTicks = new long[_n][];
        var dataTicks = new long[_n][];
        for (var s = 0; s < _n; s++)
        {
            var work = graph.Segments[s].Work;
            durTicks[s] = new long[rCount];
            dataTicks[s] = new long[rCount];
            foreach (var r in _allowed)
            {
                durTicks[s][r] = Ticks(work / regions[r].Speed);
                dataTicks[s][r] = Ticks(dataMs[s][r]);
                objective.AddTerm(_z[s][r], Money(regions[r].PricePerGbSecond * memoryGb * (work / regions[r].Speed) / 1000.0) + Money(dataCost[s][r]));
            }

            foreach (var r in _allowed)
            {
                var perUnit = Money(regions[r].PricePerInvocation + (penalised[r] ? penalty : 0));
                if (perUnit > 0)
                {
                    var o = Bool($"o{s}_{r}");
                    _model.AddBoolOr([_x[s][s].Not(), _z[s][r].Not(), o]);
                    objective.AddTerm(o, perUnit);
                }
            }
        }

        // Durations, start and finish per slot.
        var start = new IntVar[_n];
        var finish = new IntVar[_n];
        var makespan = Int(0, horizon, "makespan");
        var timeoutTicks = Ticks(timeoutSeconds * 1000.0);
        for (var a = 0; a < _n; a++)
        {
            start[a] = Int(0, horizon, $"start{a}");
            finish[a] = Int(0, horizon, $"finish{a}");
            var duration = LinearExpr.NewBuilder();
            var reading = LinearExpr.NewBuilder();
            for (var s = a; s < _n; s++)
            {
                var max = durTicks[s].Max();
                var cd = Int(0, max, $"d{s}_{a}");
                _model.Add(cd >= LinearExpr.WeightedSum(_allowed.Select(r => _z[s][r]), _allowed.Select(r => durTicks[s][r]))).OnlyEnforceIf(_x[s][a]);
                duration.Add(cd);
                if (dataTicks[s].Max() > 0)
                {
                    var cr = Int(0, dataTicks[s].Max(), $"dr{s}_{a}");
                    _model.Add(cr >= LinearExpr.WeightedSum(_allowed.Select(r => _z[s][r]), _allowed.Select(r => dataTicks[s][r]))).OnlyEnforceIf(_x[s][a]);
                    reading.Add(cr);
                }
            }

            var dispatch = LinearExpr.WeightedSum(_allowed.Select(r => _z[a][r]), _allowed.Select(r => Ticks(regions[r].DispatchLatencyMs)));
            _model.Add(finish[a] >= start[a] + dispatch + reading + duration).OnlyEnforceIf(_x[a][a]);
            _model.Add(duration <= timeoutTicks);
            _model.Add(makespan >= finish[a]);
        }

        // Arguments from the origin: a variable read before any segment writes it, once per unit that reads it.
        var vars = VariableBytes(request);
        var written = new HashSet<string>(StringComparer.Ordinal);
        var inputReaders = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var s = 0; s < _n; s++)
        {
            var seg = graph.Segments[s];
            foreach (var v in seg.Reads.Distinct(StringComparer.Ordinal).Where(v => !written.Contains(v)))
            {
                (inputReaders.TryGetValue(v, out var list) ? list : inputReaders[v] = []).Add(s);
            }

            written.UnionWith(seg.Writes);
        }

        var inputsOfSlot = new List<(BoolVar Literal, long Bytes)>[_n];
        for (var a = 0; a < _n; a++)
        {
            inputsOfSlot[a] = [];
        }

        foreach (var (v, readers) in inputReaders)
        {
            var bytes = vars.TryGetValue(v, out var b) ? b : request.DefaultVariableBytes;
            for (var a = 0; a <= readers.Max(); a++)
            {
                var i = Bool($"in{v}_{a}");
                foreach (var s in readers.Where(s => s >= a))
                {
                    _model.AddImplication(_x[s][a], i);
                }

                inputsOfSlot[a].Add((i, bytes));
                foreach (var r in _allowed)
                {
                    var cost = Money(bytes * EgressPerByte(origin, r));
                    if (cost > 0)
                    {
                        var j = Bool($"inr{v}_{a}_{r}");
                        _model.AddBoolOr([i.Not(), _z[a][r].Not(), j]);
                        objective.AddTerm(j, cost);
                    }
                }
            }
        }

        for (var a = 0; a < _n; a++)
        {
            if (inputsOfSlot[a].Count == 0)
            {
                continue;
            }

            var hasArgs = Bool($"args{a}");
            foreach (var (i, _) in inputsOfSlot[a])
            {
                _model.AddImplication(i, hasArgs);
            }

            var argTime = LinearExpr.WeightedSum(inputsOfSlot[a].Select(t => t.Literal), inputsOfSlot[a].Select(t => Ticks(t.Bytes * mpb)));
            foreach (var r in _allowed.Where(r => r != origin))
            {
                _model.Add(start[a] >= Ticks(Lat(origin, r)) + argTime).OnlyEnforceIf([hasArgs, _z[a][r]]);
            }
        }

        // Transfers: variable v (or an edge without variables, as a zero-byte one) from its writer w to slot b
        // when a reader is in b and w is not; egress by the two regions, once per (v, b).
        var egressTable = new long[rCount * rCount];
        var latencyTable = new long[rCount * rCount];
        for (var r1 = 0; r1 < rCount; r1++)
        {
            for (var r2 = 0; r2 < rCount; r2++)
            {
                egressTable[(r1 * rCount) + r2] = r1 == r2 ? 0 : Money(EgressPerByte(r1, r2) * 1000);
                latencyTable[(r1 * rCount) + r2] = r1 == r2 ? 0 : Ticks(Lat(r1, r2));
            }
        }

        var pairBytes = new Dictionary<(int A, int B), LinearExprBuilder>();
        var pairEdge = new Dictionary<(int A, int B), BoolVar>();
        BoolVar PairEdge(int a, int b)
        {
            if (!pairEdge.TryGetValue((a, b), out var e))
            {
                e = Bool($"e{a}_{b}");
                pairEdge[(a, b)] = e;
                pairBytes[(a, b)] = LinearExpr.NewBuilder();
            }

            return e;
        }

        foreach (var (w, v, bytes, readers) in Carried(request, vars))
        {
            var timeTicks = Ticks(bytes * mpb);
            for (var b = 0; b <= readers.Max(); b++)
            {
                if (b == w)
                {
                    continue;
                }

                var t = Bool($"t{v}_{b}");
                foreach (var s in readers.Where(s => s >= b))
                {
                    _model.AddBoolOr(b <= w ? [_x[s][b].Not(), _x[w][b], t] : [_x[s][b].Not(), t]);
                }

                if (bytes > 0 && egressTable.Max() > 0)
                {
                    var cost = Int(0, ((long)bytes * egressTable.Max() / 1000) + 1, $"ec{v}_{b}");
                    // By the writer's region r1 (linear in the reader unit's region; no element table to expand).
                    foreach (var r1 in _allowed)
                    {
                        _model.Add(cost * 1000 >= LinearExpr.WeightedSum(_allowed.Select(r2 => _z[b][r2]), _allowed.Select(r2 => (long)bytes * egressTable[(r1 * rCount) + r2])))
                            .OnlyEnforceIf([t, _z[w][r1]]);
                    }
                    objective.AddTerm(cost, 1);
                }

                for (var a = 0; a <= w; a++)
                {
                    if (a == b)
                    {
                        continue;
                    }

                    var e = PairEdge(a, b);
                    if (timeTicks > 0)
                    {
                        var p = Bool($"p{v}_{a}_{b}");
                        _model.AddBoolOr([_x[w][a].Not(), t.Not(), p]);
                        _model.AddImplication(p, e);
                        pairBytes[(a, b)].AddTerm(p, timeTicks);
                    }
                    else
                    {
                        _model.AddBoolOr([_x[w][a].Not(), t.Not(), e]);
                    }
                }
            }
        }

        // Precedence between units: b starts after a finishes plus, across regions, latency and the pair's bytes.
        foreach (var ((a, b), e) in pairEdge)
        {
            var differ = Bool($"diff{a}_{b}");
            foreach (var r in _allowed)
            {
                _model.AddBoolOr([_z[a][r].Not(), _z[b][r], differ]);
            }

            foreach (var r1 in _allowed)
            {
                var latency = LinearExpr.WeightedSum(_allowed.Select(r2 => _z[b][r2]), _allowed.Select(r2 => latencyTable[(r1 * rCount) + r2]));
                _model.Add(start[b] >= finish[a] + latency + pairBytes[(a, b)]).OnlyEnforceIf([e, differ, _z[a][r1]]);
            }

            _model.Add(start[b] >= finish[a]).OnlyEnforceIf(e);

            // Keeps the unit graph acyclic even where a unit takes no time.
            _model.Add(start[b] >= start[a] + 1).OnlyEnforceIf(e);
        }

        // The result: the last segment's unit sends it to the origin.
        var last = _n - 1;
        foreach (var r in _allowed)
        {
            objective.AddTerm(_z[last][r], Money(request.ReturnBytes * EgressPerByte(r, origin)));
            var back = r == origin ? 0 : Ticks(Lat(r, origin) + (request.ReturnBytes * mpb));
            for (var a = 0; a <= last; a++)
            {
                _model.Add(makespan >= finish[a] + back).OnlyEnforceIf([_x[last][a], _z[last][r]]);
            }
        }

        if (request.Objective?.DeadlineMs is { } deadline)
        {
            _model.Add(makespan <= Ticks(deadline));
        }

        objective.AddTerm(makespan, (long)Math.Round(lw / 1000.0 / TicksPerMs * MoneyScale));
        _model.Minimize(objective);
    }

    /// <summary>Why the model is not exact for <paramref name="request"/>, or null when it is.</summary>
    public static string? Supports(PlanRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Regions is null || request.Network is null || request.Origin is null)
        {
            return "the request must name its origin, regions and network";
        }

        var writers = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        foreach (var s in request.Graph.Segments)
        {
            foreach (var v in s.Writes.Distinct(StringComparer.Ordinal))
            {
                (writers.TryGetValue(v, out var l) ? l : writers[v] = []).Add(s.Id);
            }
        }

        var source = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var e in request.Graph.Edges)
        {
            if (e.From >= e.To)
            {
                return $"edge {e.From} -> {e.To} does not go forward";
            }

            foreach (var v in e.Kind == "data" && e.Variables is { } carried ? carried : Array.Empty<string>())
            {
                if (source.TryGetValue(v, out var w) && w != e.From)
                {
                    return $"variable {v} leaves two segments ({w} and {e.From})";
                }

                source[v] = e.From;
                if (!writers.TryGetValue(v, out var ws) || ws.Count != 1 || ws[0] != e.From)
                {
                    return $"variable {v} is carried from segment {e.From}, which is not its one writer";
                }
            }
        }

        return null;
    }

    /// <summary>Builds the model; throws <see cref="ArgumentException"/> when <see cref="Supports"/> names a reason.</summary>
    public static CpSatPlanModel Build(PlanRequest request)
    {
        if (Supports(request) is { } reason)
        {
            throw new ArgumentException("the CP-SAT model is not exact for this request: " + reason, nameof(request));
        }

        return new CpSatPlanModel(request);
    }

    /// <summary>
    /// The model's objective for one given assignment (<paramref name="units"/>: segments and region per unit, as
    /// <see cref="Serverless.Planning.CostModel.Evaluate(PlanRequest, IReadOnlyList{ValueTuple{IReadOnlyList{int}, string}})"/>
    /// takes them): the segments' slots and regions are fixed and only the schedule is solved. <c>infeasible</c> when
    /// the assignment breaks a constraint (region not allowed, timeout, deadline, units in a cycle).
    /// </summary>
    public CpSatResult Evaluate(IReadOnlyList<(IReadOnlyList<int> Segments, string Region)> units, double seconds = 30)
    {
        try
        {
            if (!HintAssignment(units))
            {
                return new CpSatResult("infeasible", null, double.NaN, double.NaN, 0);
            }

            var solver = new CpSolver { StringParameters = Parameters(seconds, 1) + " fix_variables_to_their_hinted_value:true" };
            return Result(solver, solver.Solve(_model));
        }
        finally
        {
            _model.ClearHints();
        }
    }

    /// <summary>
    /// Solves within <paramref name="seconds"/> on <paramref name="workers"/> search workers. With
    /// <paramref name="hint"/> (e.g. the heuristic's plan) the solver starts from it: the assignment's schedule is
    /// solved first (<see cref="Evaluate"/>) and every variable of the model is hinted with its value, so CP-SAT has
    /// that plan as its first solution; the time that takes counts in <see cref="CpSatResult.WallSeconds"/>.
    /// </summary>
    public CpSatResult Solve(double seconds, int workers, IReadOnlyList<(IReadOnlyList<int> Segments, string Region)>? hint = null)
    {
        var wall = 0.0;
        (string, double)? hinted = null;
        CpSatResult? hintResult = null;
        try
        {
            if (hint is not null && !HintAssignment(hint))
            {
                hinted = ("infeasible", double.NaN);
            }
            else if (hint is not null)
            {
                var fixedSolver = new CpSolver { StringParameters = Parameters(seconds, 1) + " fix_variables_to_their_hinted_value:true" };
                var fixedStatus = fixedSolver.Solve(_model);
                wall = fixedSolver.WallTime();
                var fixedResult = Result(fixedSolver, fixedStatus);
                hinted = (fixedResult.Status, fixedResult.Objective);
                if (fixedStatus is CpSolverStatus.Optimal or CpSolverStatus.Feasible)
                {
                    hintResult = fixedResult;
                    var values = _vars.Select(v => fixedSolver.Value(v)).ToArray();
                    _model.ClearHints();
                    for (var i = 0; i < values.Length; i++)
                    {
                        _model.AddHint(_vars[i], values[i]);
                    }
                }
            }

            var solver = new CpSolver { StringParameters = Parameters(Math.Max(0.01, seconds - wall), workers) };
            var result = Result(solver, solver.Solve(_model));

            // CP-SAT does not always adopt a complete, feasible hint as its incumbent before the time limit (its hint
            // search runs after presolve in one worker and may be cut short); the hint is a plan it was given, so
            // when it returned nothing better, the hint stands (status "hint", with the solver's bound).
            if (hintResult is { } h && (result.Units is null || result.Objective > h.Objective))
            {
                result = h with { Status = "hint", Bound = Math.Min(result.Bound, h.Objective), WallSeconds = result.WallSeconds };
            }

            return result with { WallSeconds = result.WallSeconds + wall, Hint = hinted };
        }
        finally
        {
            _model.ClearHints();
        }
    }

    private static string Parameters(double seconds, int workers) =>
        FormattableString.Invariant($"max_time_in_seconds:{seconds} num_workers:{workers}");

    /// <summary>Hints the slot and region of every segment of <paramref name="units"/>; false when a region is not allowed.</summary>
    private bool HintAssignment(IReadOnlyList<(IReadOnlyList<int> Segments, string Region)> units)
    {
        ArgumentNullException.ThrowIfNull(units);
        _model.ClearHints();
        var slotOf = new int[_n];
        var regionOfSegment = new int[_n];
        Array.Fill(slotOf, -1);
        foreach (var (segments, region) in units)
        {
            var r = _request.Regions!.Select(x => x.Name).ToList().IndexOf(region);
            if (r < 0 || !_allowed.Contains(r))
            {
                return false;
            }

            foreach (var s in segments)
            {
                if (s < 0 || s >= _n || slotOf[s] >= 0)
                {
                    throw new ArgumentException($"units: segment {s} is not a segment id or is in two units", nameof(units));
                }

                slotOf[s] = segments.Min();
                regionOfSegment[s] = r;
            }
        }

        if (Array.IndexOf(slotOf, -1) is var missing and >= 0)
        {
            throw new ArgumentException($"units: segment {missing} is in no unit", nameof(units));
        }

        for (var s = 0; s < _n; s++)
        {
            for (var a = 0; a <= s; a++)
            {
                _model.AddHint(_x[s][a], slotOf[s] == a ? 1 : 0);
            }

            foreach (var r in _allowed)
            {
                _model.AddHint(_z[s][r], regionOfSegment[s] == r ? 1 : 0);
            }
        }

        return true;
    }

    private CpSatResult Result(CpSolver solver, CpSolverStatus status)
    {
        var wall = solver.WallTime();
        if (status is not (CpSolverStatus.Optimal or CpSolverStatus.Feasible))
        {
            return new CpSatResult(status == CpSolverStatus.Infeasible ? "infeasible" : "unknown", null, double.NaN, solver.BestObjectiveBound / MoneyScale, wall);
        }

        var units = new List<(IReadOnlyList<int> Segments, string Region)>();
        for (var a = 0; a < _n; a++)
        {
            if (!solver.BooleanValue(_x[a][a]))
            {
                continue;
            }

            var segments = Enumerable.Range(a, _n - a).Where(s => solver.BooleanValue(_x[s][a])).ToList();
            var region = _allowed.First(r => solver.BooleanValue(_z[a][r]));
            units.Add((segments, _request.Regions![region].Name));
        }

        return new CpSatResult(status == CpSolverStatus.Optimal ? "optimal" : "feasible", units, solver.ObjectiveValue / MoneyScale, solver.BestObjectiveBound / MoneyScale, wall);
    }

    private static IEnumerable<(int Writer, string Variable, double Bytes, List<int> Readers)> Carried(PlanRequest request, IReadOnlyDictionary<string, long> vars)
    {
        var byVariable = new SortedDictionary<string, (int Writer, List<int> Readers)>(StringComparer.Ordinal);
        foreach (var e in request.Graph.Edges)
        {
            // Only data edges carry variables (as the product's cost model reads them); any other edge orders its two
            // segments' units and carries nothing.
            var carried = e.Kind == "data" && e.Variables is { Count: > 0 } list ? list.Distinct(StringComparer.Ordinal).ToList() : ["edge:" + e.From.ToString(System.Globalization.CultureInfo.InvariantCulture)];
            foreach (var v in carried)
            {
                if (!byVariable.TryGetValue(v, out var entry))
                {
                    entry = (e.From, []);
                    byVariable[v] = entry;
                }

                if (!entry.Readers.Contains(e.To))
                {
                    entry.Readers.Add(e.To);
                }
            }
        }

        foreach (var (v, (w, readers)) in byVariable)
        {
            var bytes = v.StartsWith("edge:", StringComparison.Ordinal) ? 0 : vars.TryGetValue(v, out var b) ? b : request.DefaultVariableBytes;
            yield return (w, v, bytes, readers);
        }
    }

    private static IReadOnlyDictionary<string, long> VariableBytes(PlanRequest request) =>
        request.VariableBytes ?? new Dictionary<string, long>(StringComparer.Ordinal);

    private static double Lookup(IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> map, string from, string to)
    {
        if (string.Equals(from, to, StringComparison.Ordinal))
        {
            return 0;
        }

        if (map.TryGetValue(from, out var row) && row is not null && row.TryGetValue(to, out var v))
        {
            return v;
        }

        return map.TryGetValue(to, out var back) && back is not null && back.TryGetValue(from, out var w) ? w : 0;
    }

    private BoolVar Bool(string name)
    {
        var v = _model.NewBoolVar(name);
        _vars.Add(v);
        return v;
    }

    private IntVar Int(long lb, long ub, string name)
    {
        var v = _model.NewIntVar(lb, ub, name);
        _vars.Add(v);
        return v;
    }

    private static long Ticks(double ms) => (long)Math.Round(ms * TicksPerMs);

    private static long Money(double amount) => (long)Math.Round(amount * MoneyScale);
}

/// <summary>
/// What CP-SAT found: status (<c>optimal</c>, <c>feasible</c>, <c>infeasible</c>, <c>unknown</c>), the units of its
/// best solution (null without one), its model objective, the proven lower bound and the solver's wall time.
/// </summary>
public sealed record CpSatResult(string Status, IReadOnlyList<(IReadOnlyList<int> Segments, string Region)>? Units, double Objective, double Bound, double WallSeconds)
{
    /// <summary>With a hint: the status of solving its schedule (<see cref="CpSatPlanModel.Evaluate"/>) and the objective found there.</summary>
    public (string Status, double Objective)? Hint { get; init; }
}
