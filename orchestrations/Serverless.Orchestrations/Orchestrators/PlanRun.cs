using Serverless.Contracts.Plans;
using Serverless.Orchestrations.Contracts;
using Serverless.Orchestrations.Ports;

namespace Serverless.Orchestrations.Orchestrators;

/// <summary>
/// The deterministic scheduling state of one execution (no clock: every time comes in as an argument). Keeps which
/// units finished, were skipped, are in flight or wait for a retry, and decides what becomes ready next.
/// </summary>
internal sealed class PlanRun
{
    private readonly Dictionary<int, PlanUnit> _units;
    private readonly SortedDictionary<int, UnitRun> _completed = [];
    private readonly SortedSet<int> _skipped = [];
    private readonly SortedDictionary<int, ActiveUnit> _active = [];
    private readonly List<UnitFailure> _failures = [];
    private readonly Dictionary<int, List<int>> _dependents = [];
    private readonly List<Replan> _replans = [];

    public PlanRun(ExecutionPlan plan, string instanceId)
    {
        Plan = plan;
        InstanceId = instanceId;
        _units = plan.Units.ToDictionary(u => u.Id);
        foreach (var unit in plan.Units)
        {
            foreach (var dep in unit.DependsOn.Concat(unit.ControlDependsOn).Distinct())
            {
                if (!_dependents.TryGetValue(dep, out var list))
                {
                    _dependents[dep] = list = [];
                }

                list.Add(unit.Id);
            }
        }

        if (plan.Checkpoint is { } c)
        {
            Generation = c.Generation;
            foreach (var r in c.Completed)
            {
                _completed[r.Id] = r;
            }

            _skipped.UnionWith(c.Skipped);
            ReturnedBy = c.ReturnedBy;
            foreach (var a in c.Active)
            {
                _active[a.UnitId] = a;
            }

            _failures.AddRange(c.Failures);
            _replans.AddRange(c.Replans ?? []);
            StartedAtUtc = c.StartedAtUtc;
            foreach (var replan in _replans)
            {
                Replace(replan.Replaced ?? []);
            }
        }
    }

    /// <summary>When the execution's first generation started (plan version 5; kept across generations).</summary>
    public DateTime? StartedAtUtc { get; set; }

    public ExecutionPlan Plan { get; }

    public string InstanceId { get; }

    public int Generation { get; }

    public int? ReturnedBy { get; private set; }

    public IReadOnlyCollection<UnitRun> Completed => _completed.Values;

    public IReadOnlyCollection<int> Skipped => _skipped;

    public bool HasActive => _active.Count > 0;

    private bool Stopping => _failures.Count > 0;

    /// <summary>Units moved out of their planned region so far (plan version 4), in order.</summary>
    public IReadOnlyList<Replan> Replans => _replans;

    /// <summary>Records that a unit's attempt moved out of the region it was planned in.</summary>
    public void AddReplan(Replan replan) => _replans.Add(replan);

    /// <summary>Plan version 5: completes the replan at <paramref name="index"/> with the re-plan of the rest of the DAG,
    /// and moves the units it re-placed (not started yet) to their new regions.</summary>
    public void CompleteReplan(int index, Replan replan)
    {
        _replans[index] = replan;
        Replace(replan.Replaced ?? []);
    }

    /// <summary>Each re-placed unit gets its new region; its old one becomes its first fallback.</summary>
    private void Replace(IEnumerable<ReplacedUnit> replaced)
    {
        foreach (var r in replaced)
        {
            if (_units.TryGetValue(r.UnitId, out var unit))
            {
                _units[r.UnitId] = unit with
                {
                    Region = r.ToRegion,
                    FallbackRegions = [.. new[] { unit.Region }.Concat(unit.FallbackRegions).Where(f => f != r.ToRegion).Distinct()],
                };
            }
        }
    }

    /// <summary>
    /// Plan version 5: what <see cref="Activities.ReplanActivity"/> re-plans at <paramref name="at"/>: every unit not
    /// skipped in its current region; the finished ones at their measured end, the running ones at their estimated
    /// end (the <paramref name="movedFinishMs"/> of the units that just moved: their winning bid's expected finish), the
    /// units not started yet to be placed; times in ms since the execution started.
    /// </summary>
    public Activities.ReplanRequest ReplanRequest(DateTime at, IReadOnlyDictionary<int, double> movedFinishMs, IReadOnlyList<string> unavailable, IReadOnlyDictionary<string, double> regionDelayMs)
    {
        var environment = Plan.Environment!;
        var start = StartedAtUtc ?? at;
        var nowMs = Math.Max(0, (at - start).TotalMilliseconds);
        var units = Plan.Units.Where(u => !_skipped.Contains(u.Id)).Select(u => _units[u.Id]).ToList();
        var fixedUnits = new List<Planning.Replanning.FixedUnit>();
        var pending = new List<int>();
        var measured = new List<Activities.MeasuredInput>();
        foreach (var unit in units)
        {
            if (_completed.TryGetValue(unit.Id, out var done))
            {
                var end = (done.EndedAt.UtcDateTime - start).TotalMilliseconds;
                fixedUnits.Add(new(unit.Id, done.Region, Math.Min(nowMs, Math.Max(0, end))));
            }
            else if (_active.TryGetValue(unit.Id, out var active))
            {
                var from = active.Dispatched ? Math.Max(0, (active.DispatchedAt - start).TotalMilliseconds) : Math.Max(nowMs, (active.WaitingUntil - start).TotalMilliseconds);
                var region = environment.Regions.FirstOrDefault(r => r.Name == active.Region);
                var estimate = from + (region?.DispatchLatencyMs ?? 0) + (unit.EstimatedWorkMs / (region is { Speed: > 0 } ? region.Speed : 1));
                fixedUnits.Add(new(unit.Id, active.Region, movedFinishMs.TryGetValue(unit.Id, out var moved) ? nowMs + moved : Math.Max(nowMs, estimate)));
            }
            else
            {
                pending.Add(unit.Id);
                foreach (var input in unit.Inputs)
                {
                    if (input.ProducerUnit is { } producer && _completed.TryGetValue(producer, out var ran) && ran.OutputBytes.TryGetValue(input.Variable, out var bytes))
                    {
                        measured.Add(new(unit.Id, input.Variable, bytes));
                    }
                }
            }
        }

        return new Activities.ReplanRequest(Plan.ExecutionId, units, environment, Plan.LatencyWeight, fixedUnits, pending, nowMs, unavailable, regionDelayMs, measured);
    }

    /// <summary>What the status and result carry as replans: the list from plan version 4 on, null before (so older
    /// executions' results and checkpoints serialise exactly as they did).</summary>
    private IReadOnlyList<Replan>? RecordedReplans => Plan.Version >= 4 ? [.. _replans] : null;

    /// <summary>The replans for the execution's result (see <see cref="RecordedReplans"/>).</summary>
    public IReadOnlyList<Replan>? ResultReplans => RecordedReplans;

    public PlanUnit Unit(int id) => _units[id];

    /// <summary>Regions for an attempt: the plan's region first, then the fallbacks, rotating with each retry.</summary>
    public static IReadOnlyList<string> RegionsForAttempt(PlanUnit unit, int attempt)
    {
        var candidates = new List<string> { unit.Region };
        candidates.AddRange(unit.FallbackRegions.Where(r => r != unit.Region));
        var first = (attempt - 1) % candidates.Count;
        return [.. candidates.Skip(first), .. candidates.Take(first)];
    }

    /// <summary>Units to start now: newly ready units (attempt 1) and units whose retry time has come.</summary>
    public IReadOnlyList<ActiveUnit> TakeStartable(DateTime now)
    {
        var result = new List<ActiveUnit>();
        if (Stopping)
        {
            // Nothing new starts after a failure, except the probe of the segments before it (see TryStartProbe).
            return [.. _active.Values.Where(a => a.UnitId == ProbeId && !a.Dispatched && a.WaitingUntil <= now)];
        }

        foreach (var a in _active.Values.Where(a => !a.Dispatched && a.WaitingUntil <= now).ToList())
        {
            result.Add(a);
        }

        foreach (var unit in Plan.Units)
        {
            if (_completed.ContainsKey(unit.Id) || _skipped.Contains(unit.Id) || _active.ContainsKey(unit.Id))
            {
                continue;
            }

            if (unit.DependsOn.All(_completed.ContainsKey) && unit.ControlDependsOn.All(_completed.ContainsKey))
            {
                var first = new ActiveUnit
                {
                    UnitId = unit.Id,
                    Attempt = 1,
                    Dispatched = false,
                    WaitingUntil = now,
                    Region = _units[unit.Id].Region,
                };
                _active[unit.Id] = first;
                result.Add(first);
            }
        }

        return result;
    }

    public void MarkDispatched(ActiveUnit attempt) => _active[attempt.UnitId] = attempt;

    /// <summary>The earliest time something must happen without an event: a deadline (when deadline timers are on)
    /// or a retry; null when only events can move the execution on.</summary>
    public DateTime? NextDeadline()
    {
        var timers = Plan.Options.DeadlineTimers ?? true;
        var due = _active.Values.Where(a => timers || !a.Dispatched).Select(a => a.WaitingUntil).ToList();
        return due.Count == 0 ? null : due.Min();
    }

    public CompletionOutcome OnCompleted(UnitCompleted completed, DateTime now)
    {
        if (!_active.TryGetValue(completed.UnitId, out var active))
        {
            var reason = _completed.ContainsKey(completed.UnitId) ? "unit already completed" : _units.ContainsKey(completed.UnitId) ? "unit not running" : "unknown unit";
            return CompletionOutcome.Ignore(completed, reason);
        }

        if (completed.Attempt > active.Attempt)
        {
            return CompletionOutcome.Ignore(completed, "attempt not dispatched");
        }

        if (completed.Succeeded)
        {
            // Any attempt's success counts (a slow earlier attempt may beat its retry); outputs are written once.
            _active.Remove(completed.UnitId);
            var unit = _units[completed.UnitId];
            _completed[unit.Id] = new UnitRun
            {
                Id = unit.Id,
                Segments = unit.Segments,
                Region = completed.Region ?? active.Region,
                Instance = completed.Instance ?? active.Instance,
                Attempts = active.Attempt,
                StartedAt = completed.StartedAt,
                EndedAt = completed.EndedAt,
                DurationMs = completed.DurationMs,
                OutputBytes = completed.OutputBytes,
            };
            var reservation = Reservation(active);
            if (completed.Returned)
            {
                if (ReturnedBy is not { } previous || _units[previous].Segments[0] > unit.Segments[0])
                {
                    ReturnedBy = unit.Id;
                }

                var skipped = SkipAfterReturn(unit.Id);
                return new CompletionOutcome(CompletionKind.Returned, unit.Id, completed.Attempt) { Reservation = reservation, SkippedCount = skipped };
            }

            return new CompletionOutcome(CompletionKind.Succeeded, unit.Id, completed.Attempt) { Reservation = reservation };
        }

        if (completed.Attempt != active.Attempt || !active.Dispatched)
        {
            return CompletionOutcome.Ignore(completed, "failure of a superseded attempt");
        }

        return OnAttemptFailed(active, completed.Error ?? new UnitError("System.Exception", "The unit failed without an error."), now);
    }

    /// <summary>Dispatched attempts past their deadline: each is given up as a timeout.</summary>
    public IReadOnlyList<CompletionOutcome> ExpireAttempts(DateTime now)
    {
        var outcomes = new List<CompletionOutcome>();
        if (!(Plan.Options.DeadlineTimers ?? true))
        {
            return outcomes;
        }

        foreach (var a in _active.Values.Where(a => a.Dispatched && a.WaitingUntil <= now).ToList())
        {
            var unit = _units[a.UnitId];
            outcomes.Add(OnAttemptFailed(a, new UnitError(
                UnitError.TimeoutType,
                $"Unit {unit.Id} (segments {string.Join(", ", unit.Segments)}) of {Plan.FunctionId} did not report within its timeout of {unit.TimeoutSeconds} s in {a.Region} (attempt {a.Attempt} of {Plan.Options.MaxAttempts}); its worker may have stopped."), now));
        }

        return outcomes;
    }

    public CompletionOutcome OnAttemptFailed(ActiveUnit active, UnitError error, DateTime now)
    {
        var unit = _units[active.UnitId];
        var reservation = Reservation(active);
        if (active.Attempt < Plan.Options.MaxAttempts && !Stopping)
        {
            var delay = RetryDelayMs(Plan.Options, active.Attempt);
            var next = active.Attempt + 1;
            var region = RegionsForAttempt(unit, next)[0];
            _active[unit.Id] = new ActiveUnit
            {
                UnitId = unit.Id,
                Attempt = next,
                Dispatched = false,
                WaitingUntil = now.AddMilliseconds(delay),
                Region = region,
                LastError = error,
            };
            return new CompletionOutcome(CompletionKind.Retry, unit.Id, active.Attempt) { Error = error, RetryDelayMs = delay, NextRegion = region, Reservation = reservation };
        }

        _active.Remove(unit.Id);
        _failures.Add(new UnitFailure(unit.Id, active.Attempt, unit.Segments[0], error));

        // No further attempts of anything: waiting retries are dropped, dispatched attempts may still finish.
        foreach (var waiting in _active.Values.Where(a => !a.Dispatched).ToList())
        {
            _active.Remove(waiting.UnitId);
            _failures.Add(new UnitFailure(waiting.UnitId, waiting.Attempt - 1, _units[waiting.UnitId].Segments[0], waiting.LastError ?? error));
        }

        return new CompletionOutcome(CompletionKind.Failed, unit.Id, active.Attempt) { Error = error, Reservation = reservation };
    }

    public static int RetryDelayMs(ExecutionOptions options, int attempt)
    {
        var delay = options.FirstRetryDelayMs * Math.Pow(options.BackoffFactor, attempt - 1);
        return (int)Math.Min(options.MaxRetryDelayMs, delay);
    }

    /// <summary>The id of the probe unit (one past the plan's last unit) once <see cref="TryStartProbe"/> added it.</summary>
    public int? ProbeId { get; private set; }

    /// <summary>
    /// Plan version 3, once the execution failed and nothing is in flight: the segments before the failed unit's first
    /// segment that never ran (their units also hold later segments, which waited on the failed unit, or on units
    /// that waited on it) become one more unit, run in source order. The direct call runs them before the failing
    /// segment: if one of them throws, that is the exception to report (it fails earlier in source order), and if
    /// one returns, the call returned before it failed. Only values of completed units and the arguments are read;
    /// the probe writes no outputs (only a return value). False when there is no such segment, or the probe ran.
    /// </summary>
    public bool TryStartProbe(DateTime now)
    {
        if (ProbeId is not null || FirstFailure() is not { } failure)
        {
            return false;
        }

        var ran = new HashSet<int>(_completed.Values.SelectMany(u => u.Segments));
        var failed = new HashSet<int>(_failures.Select(f => f.UnitId));
        var holders = new List<PlanUnit>();
        var missing = new SortedSet<int>();
        foreach (var unit in Plan.Units.OrderBy(u => u.Id).Select(u => _units[u.Id]))
        {
            if (_completed.ContainsKey(unit.Id) || _skipped.Contains(unit.Id) || failed.Contains(unit.Id))
            {
                continue;
            }

            var before = unit.Segments.Where(s => s < failure.FirstSegment && !ran.Contains(s)).ToList();
            if (before.Count > 0)
            {
                holders.Add(unit);
                missing.UnionWith(before);
            }
        }

        if (missing.Count == 0)
        {
            return false;
        }

        var first = holders.First(h => h.Segments.Contains(missing.Min));
        var probe = new PlanUnit
        {
            Id = Plan.Units.Max(u => u.Id) + 1,
            Segments = [.. missing],
            Region = first.Region,
            FallbackRegions = first.FallbackRegions,
            Inputs = [.. holders.SelectMany(h => h.Inputs).Where(i => i.ProducerUnit is not { } p || _completed.ContainsKey(p)).Distinct()],
            Outputs = [],
            SegmentOutputs = [],
            TimeoutSeconds = holders.Max(h => h.TimeoutSeconds),
            MemoryMb = holders.Max(h => h.MemoryMb),
            EstimatedWorkMs = holders.Sum(h => h.EstimatedWorkMs),
        };
        _units[probe.Id] = probe;
        ProbeId = probe.Id;
        _active[probe.Id] = new ActiveUnit { UnitId = probe.Id, Attempt = 1, Dispatched = false, WaitingUntil = now, Region = probe.Region };
        return true;
    }

    /// <summary>
    /// What ends the execution when something failed (version 3): the earliest failure in source order, unless a unit
    /// whose every segment comes before it returned (the probe, typically): the direct call returned before it reached
    /// the failing segment; null then. (A unit that merely starts earlier may have returned at a later segment.)
    /// </summary>
    public UnitFailure? DecisiveFailure() =>
        FirstFailure() is { } failure && !(ReturnedBy is { } returned && _units[returned].Segments.Max() < failure.FirstSegment) ? failure : null;

    /// <summary>The failure of the earliest segment in source order (the exception the direct call would throw).</summary>
    public UnitFailure? FirstFailure() => _failures.OrderBy(f => f.FirstSegment).FirstOrDefault();

    /// <summary>Every unit's state now, in unit order: the orchestration's custom status.</summary>
    public ExecutionProgress Progress()
    {
        var failed = _failures.ToDictionary(f => f.UnitId);
        return new ExecutionProgress
        {
            Units = [.. Plan.Units.OrderBy(u => u.Id).Select(u => _units[u.Id]).Select(u =>
                _completed.TryGetValue(u.Id, out var done) ? new UnitProgressEntry { Unit = u.Id, State = UnitStates.Completed, Region = done.Region, Instance = done.Instance, Attempt = done.Attempts }
                : failed.TryGetValue(u.Id, out var failure) ? new UnitProgressEntry { Unit = u.Id, State = UnitStates.Failed, Region = u.Region, Attempt = failure.Attempts }
                : _skipped.Contains(u.Id) ? new UnitProgressEntry { Unit = u.Id, State = UnitStates.Skipped, Region = u.Region, Attempt = 0 }
                : _active.TryGetValue(u.Id, out var active) ? new UnitProgressEntry { Unit = u.Id, State = active.Dispatched ? UnitStates.Running : UnitStates.Waiting, Region = active.Region, Instance = active.Dispatched ? active.Instance : null, Attempt = active.Attempt }
                : new UnitProgressEntry { Unit = u.Id, State = UnitStates.Pending, Region = u.Region, Attempt = 0 })],
            Failure = FirstFailure()?.Error,
            Replans = RecordedReplans,
        };
    }

    public IReadOnlyList<int> Unfinished() =>
        [.. Plan.Units.Select(u => u.Id).Where(id => !_completed.ContainsKey(id) && !_skipped.Contains(id))];

    /// <summary>
    /// The state for the next generation. Attempts in flight are dispatched again with the same attempt number:
    /// a completion raised while the generation changed may be lost by the backend, and a worker that already ran
    /// the attempt answers a repeated work item by re-sending its recorded completion (it does not run it again).
    /// </summary>
    public ExecutionPlan Checkpoint(ExecutionPlan input, DateTime now) => input with
    {
        Arguments = null,
        Checkpoint = new ExecutionCheckpoint
        {
            Generation = Generation + 1,
            Completed = [.. _completed.Values],
            Skipped = [.. _skipped],
            ReturnedBy = ReturnedBy,
            Active = [.. _active.Values.Select(a => a.Dispatched ? a with { Dispatched = false, WaitingUntil = now } : a)],
            Failures = [.. _failures],
            Replans = RecordedReplans,
            StartedAtUtc = Plan.Version >= 5 ? StartedAtUtc : null,
        },
    };

    private static ComputeReservation? Reservation(ActiveUnit a) =>
        a.Dispatched && a.Instance is not null && a.LeaseId is not null ? new ComputeReservation(a.UnitId, a.Attempt, a.Region, a.Instance, a.LeaseId) : null;

    /// <summary>Skips every unit that depends on the returning unit by a control edge, and everything after them.</summary>
    private int SkipAfterReturn(int returningUnit)
    {
        var queue = new Queue<int>(_units.Values.Where(u => u.ControlDependsOn.Contains(returningUnit)).Select(u => u.Id).Order());
        var count = 0;
        while (queue.Count > 0)
        {
            var id = queue.Dequeue();
            if (_completed.ContainsKey(id) || !_skipped.Add(id))
            {
                continue;
            }

            count++;
            if (_active.TryGetValue(id, out var a) && !a.Dispatched)
            {
                _active.Remove(id);
            }

            foreach (var dependent in _dependents.GetValueOrDefault(id, []))
            {
                queue.Enqueue(dependent);
            }
        }

        return count;
    }
}

internal enum CompletionKind
{
    Ignored,
    Succeeded,
    Returned,
    Retry,
    Failed,
}

internal sealed record CompletionOutcome(CompletionKind Kind, int UnitId, int Attempt)
{
    public string? Reason { get; init; }

    public UnitError? Error { get; init; }

    public int RetryDelayMs { get; init; }

    public string? NextRegion { get; init; }

    public int SkippedCount { get; init; }

    public ComputeReservation? Reservation { get; init; }

    public static CompletionOutcome Ignore(UnitCompleted c, string reason) => new(CompletionKind.Ignored, c.UnitId, c.Attempt) { Reason = reason };
}
