using Serverless.Contracts.Plans;

namespace Serverless.Planning.Replanning;

/// <summary>
/// Re-plans the rest of an execution after a unit moved: the units keep their segments, and the units not started yet
/// get the regions that minimise the cost model's objective (their compute and transfer cost + latency weight × the
/// makespan of the whole execution) given what is known now: the units that finished (where, and when), the ones
/// running (where, and their estimated finish), the moved unit's new region and expected finish, the regions that
/// declined (not used) and the start delays the auction saw. Pure and deterministic: no clock, no time limit; the
/// search is exhaustive up to <see cref="ExhaustiveLimit"/> placements, else a coordinate descent from the current
/// placement (bounded passes). Ties keep a unit where it is.
/// </summary>
public static class RemainderPlanner
{
    /// <summary>Placements of the pending units tried one by one at most; beyond, coordinate descent.</summary>
    public const int ExhaustiveLimit = 4096;

    /// <summary>Passes of the coordinate descent at most.</summary>
    public const int MaxPasses = 16;

    /// <summary>The re-plan of <paramref name="problem"/>: the pending units' regions and the makespan estimates.</summary>
    public static RemainderPlan Plan(RemainderProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var model = new Model(problem);
        var current = model.Current();
        var best = (int[])current.Clone();
        var bestScore = model.Score(best);
        if (model.Pending.Count > 0)
        {
            if (model.Combinations() <= ExhaustiveLimit)
            {
                var trial = (int[])current.Clone();
                Exhaust(model, trial, 0, ref best, ref bestScore, current);
            }
            else
            {
                Descend(model, best, ref bestScore);
            }
        }

        var kept = model.Evaluate(current);
        var chosen = model.Evaluate(best);
        var replaced = new List<ReplacedUnit>();
        foreach (var u in model.Pending)
        {
            if (best[u] != current[u])
            {
                replaced.Add(new ReplacedUnit(model.Units[u].Id, model.RegionNames[current[u]], model.RegionNames[best[u]]));
            }
        }

        return new RemainderPlan(replaced, chosen.MakespanMs, kept.MakespanMs, chosen.Objective, kept.Objective);
    }

    /// <summary>The cost model's makespan (ms) of <paramref name="units"/> in their regions from the start, nothing
    /// fixed: what the plan estimated.</summary>
    public static double PlannedMakespanMs(IReadOnlyList<PlanUnit> units, PlanEnvironment environment)
    {
        var problem = new RemainderProblem { Units = units, Environment = environment, Fixed = [], NowMs = 0, PendingUnits = [] };
        var model = new Model(problem);
        return model.Evaluate(model.Current()).MakespanMs;
    }

    private static void Exhaust(Model model, int[] trial, int index, ref int[] best, ref double bestScore, int[] current)
    {
        if (index == model.Pending.Count)
        {
            var score = model.Score(trial);
            if (IsBetter(score, Changes(model, trial, current), bestScore, Changes(model, best, current)))
            {
                best = (int[])trial.Clone();
                bestScore = score;
            }

            return;
        }

        var u = model.Pending[index];
        foreach (var r in model.Allowed[u])
        {
            trial[u] = r;
            Exhaust(model, trial, index + 1, ref best, ref bestScore, current);
        }

        trial[u] = current[u];
    }

    private static void Descend(Model model, int[] best, ref double bestScore)
    {
        for (var pass = 0; pass < MaxPasses; pass++)
        {
            var improved = false;
            foreach (var u in model.Pending)
            {
                var keep = best[u];
                foreach (var r in model.Allowed[u])
                {
                    if (r == keep)
                    {
                        continue;
                    }

                    best[u] = r;
                    var score = model.Score(best);
                    if (double.IsPositiveInfinity(bestScore) ? !double.IsPositiveInfinity(score) : score < bestScore - Tolerance(bestScore))
                    {
                        bestScore = score;
                        keep = r;
                        improved = true;
                    }
                }

                best[u] = keep;
            }

            if (!improved)
            {
                break;
            }
        }
    }

    private static int Changes(Model model, int[] placement, int[] current) => model.Pending.Count(u => placement[u] != current[u]);

    private static bool IsBetter(double score, int changes, double bestScore, int bestChanges)
    {
        if (double.IsPositiveInfinity(bestScore))
        {
            return !double.IsPositiveInfinity(score) || changes < bestChanges;
        }

        var tol = Tolerance(bestScore);
        return score < bestScore - tol || (score <= bestScore + tol && changes < bestChanges);
    }

    private static double Tolerance(double score) => (1e-9 * Math.Abs(score)) + 1e-12;

    private sealed class Model
    {
        private readonly RemainderProblem _p;
        private readonly Dictionary<int, int> _index;
        private readonly double[] _fixedFinish;
        private readonly bool[] _isFixed;
        private readonly int[] _fixedRegion;
        private readonly double[] _delay;
        private readonly int _origin;
        private readonly int _resultUnit;

        public Model(RemainderProblem p)
        {
            _p = p;
            Units = p.Units;
            var regions = p.Environment.Regions;
            RegionNames = [.. regions.Select(r => r.Name)];
            var regionIndex = RegionNames.Select((n, i) => (n, i)).ToDictionary(x => x.n, x => x.i, StringComparer.Ordinal);
            _origin = regionIndex.TryGetValue(p.Environment.Origin, out var o) ? o : -1;
            _index = Units.Select((u, i) => (u.Id, i)).ToDictionary(x => x.Id, x => x.i);
            _isFixed = new bool[Units.Count];
            _fixedFinish = new double[Units.Count];
            _fixedRegion = new int[Units.Count];
            foreach (var f in p.Fixed)
            {
                if (_index.TryGetValue(f.UnitId, out var i) && regionIndex.TryGetValue(f.Region, out var r))
                {
                    _isFixed[i] = true;
                    _fixedFinish[i] = f.FinishMs;
                    _fixedRegion[i] = r;
                }
            }

            _delay = [.. RegionNames.Select(n => p.RegionDelayMs.GetValueOrDefault(n))];
            RegionIndex = regionIndex;
            var pending = new HashSet<int>(p.PendingUnits);
            Pending = [.. Enumerable.Range(0, Units.Count).Where(i => !_isFixed[i] && pending.Contains(Units[i].Id))];
            Allowed = new int[Units.Count][];
            for (var i = 0; i < Units.Count; i++)
            {
                var unit = Units[i];
                var candidates = new[] { unit.Region }.Concat(unit.FallbackRegions).Distinct(StringComparer.Ordinal)
                    .Where(regionIndex.ContainsKey)
                    .Select(n => regionIndex[n])
                    .Where(r => regions[r].MaxMemoryMb >= unit.MemoryMb && regions[r].AvailableInstances > 0
                        && Duration(unit, r) <= (unit.TimeoutSeconds * 1000.0) + 1e-9)
                    .ToList();
                var available = candidates.Where(r => !p.Unavailable.Contains(RegionNames[r])).ToList();
                var home = regionIndex.TryGetValue(unit.Region, out var h) ? h : 0;
                Allowed[i] = available.Count > 0 ? [.. available] : candidates.Count > 0 ? [.. candidates] : [home];
            }

            // The unit holding the last segment returns the result to the origin (its final return).
            _resultUnit = Units.Count == 0 ? -1 : Enumerable.Range(0, Units.Count).MaxBy(i => Units[i].Segments.Count == 0 ? -1 : Units[i].Segments.Max());
        }

        public IReadOnlyList<PlanUnit> Units { get; }

        public string[] RegionNames { get; }

        public Dictionary<string, int> RegionIndex { get; }

        public List<int> Pending { get; }

        public int[][] Allowed { get; }

        public long Combinations()
        {
            long n = 1;
            foreach (var u in Pending)
            {
                n *= Allowed[u].Length;
                if (n > ExhaustiveLimit)
                {
                    return n;
                }
            }

            return n;
        }

        public int[] Current() =>
            [.. Units.Select((u, i) => _isFixed[i] ? _fixedRegion[i] : RegionIndex.TryGetValue(u.Region, out var r) ? r : 0)];

        public double Score(int[] placement) => Evaluate(placement).Objective;

        public (double MakespanMs, double Objective) Evaluate(int[] reg)
        {
            var regions = _p.Environment.Regions;
            var network = _p.Environment.Network;
            var finish = new double[Units.Count];
            double cost = 0, makespan = 0;
            var infeasible = false;
            for (var i = 0; i < Units.Count; i++)
            {
                var unit = Units[i];
                var r = reg[i];
                if (_isFixed[i])
                {
                    finish[i] = _fixedFinish[i];
                    makespan = Math.Max(makespan, finish[i]);
                    continue;
                }

                // Inputs by where they come from: one transfer per producing unit (and one from the origin for arguments).
                var bytesFrom = new Dictionary<int, double>();
                double argumentBytes = 0;
                var arguments = false;
                foreach (var input in unit.Inputs)
                {
                    var bytes = _p.InputBytes.TryGetValue((unit.Id, input.Variable), out var measured) ? measured : unit.InputBytes.GetValueOrDefault(input.Variable);
                    if (input.ProducerUnit is { } producer && _index.TryGetValue(producer, out var from))
                    {
                        bytesFrom[from] = bytesFrom.GetValueOrDefault(from) + bytes;
                    }
                    else
                    {
                        arguments = true;
                        argumentBytes += bytes;
                    }
                }

                var ready = _p.PendingUnits.Contains(unit.Id) ? _p.NowMs : 0;
                if (arguments && _origin >= 0)
                {
                    ready = Math.Max(ready, PairTime(network, _origin, r, argumentBytes));
                    cost += Egress(network, _origin, r, argumentBytes);
                }

                foreach (var (from, bytes) in bytesFrom)
                {
                    ready = Math.Max(ready, finish[from] + PairTime(network, reg[from], r, bytes));
                    cost += Egress(network, reg[from], r, bytes);
                }

                foreach (var dep in unit.DependsOn.Concat(unit.ControlDependsOn))
                {
                    if (_index.TryGetValue(dep, out var d) && !bytesFrom.ContainsKey(d))
                    {
                        ready = Math.Max(ready, finish[d]);
                    }
                }

                // A start delay the auction saw in a region (its instances' load) is expected of every unit started there.
                var pendingUnit = _p.PendingUnits.Contains(unit.Id);
                var start = pendingUnit ? ready + _delay[r] : ready;
                if (pendingUnit && !Allowed[i].Contains(r))
                {
                    infeasible = true;
                }

                var duration = Duration(unit, r);
                finish[i] = start + regions[r].DispatchLatencyMs + duration;
                makespan = Math.Max(makespan, finish[i]);
                cost += (regions[r].PricePerGbSecond * unit.MemoryMb / 1024.0 * duration / 1000.0) + regions[r].PricePerInvocation;
            }

            if (_resultUnit >= 0 && _origin >= 0)
            {
                makespan = Math.Max(makespan, finish[_resultUnit] + PairTime(network, reg[_resultUnit], _origin, 0));
            }

            // A pending unit where it may not go (a region that declined, too small, not allowed) is infeasible.
            return (makespan, infeasible ? double.PositiveInfinity : cost + (_p.LatencyWeight * makespan / 1000.0));
        }

        private double Duration(PlanUnit unit, int region)
        {
            var speed = _p.Environment.Regions[region].Speed;
            return Math.Max(0, unit.EstimatedWorkMs) / (speed > 0 ? speed : 1);
        }

        private double PairTime(NetworkSpec network, int from, int to, double bytes)
        {
            if (from == to)
            {
                return 0;
            }

            var latency = NetworkLookup.Find(network.LatencyMs, RegionNames[from], RegionNames[to]) ?? 0;
            return latency + (bytes * 8.0 / (network.BandwidthMbps * 1000.0));
        }

        private double Egress(NetworkSpec network, int from, int to, double bytes) =>
            from == to ? 0 : bytes / 1e9 * (NetworkLookup.Find(network.EgressPricePerGb, RegionNames[from], RegionNames[to]) ?? 0);
    }
}
