using Microsoft.DurableTask;
using Serverless.Contracts.Plans;
using Serverless.Orchestrations.Activities;
using Serverless.Orchestrations.Contracts;
using Serverless.Orchestrations.Market;
using Serverless.Orchestrations.Observability;
using Serverless.Orchestrations.Ports;
using Serverless.Planning.Market;

namespace Serverless.Orchestrations.Orchestrators;

/// <summary>
/// Runs a split plan as a DAG: ready-set scheduling (a unit starts as soon as the units it depends on finished),
/// an auction per batch of ready units through <see cref="IComputeMarket"/>, one dispatch activity per batch, and
/// one <see cref="UnitCompleted"/> event per attempt, raced against a single durable timer for the earliest
/// deadline. Failed or timed-out attempts retry with exponential backoff (on a fallback region when the plan allows);
/// the last failure fails the orchestration with the segment's error type and message (as the inner failure).
/// After <see cref="ExecutionOptions.MaxCompletionsPerGeneration"/> completions it continues as new with its progress.
/// </summary>
public sealed class ExecutePlanOrchestrator : TaskOrchestrator<ExecutionPlan, ExecutionResult?>
{
    private readonly IComputeMarket _market;

    /// <summary>With the plan's regions as the market (how Durable Task creates orchestrators: no DI).</summary>
    public ExecutePlanOrchestrator()
        : this(new PlanRegionMarket())
    {
    }

    /// <summary>With another market; register with <c>registry.AddOrchestrator(name, () => new ExecutePlanOrchestrator(market))</c>.</summary>
    public ExecutePlanOrchestrator(IComputeMarket market) => _market = market;

    /// <summary>Extra time the orchestrator waits past a unit's timeout before it gives the attempt up (the
    /// worker reports its own timeout; this covers a worker that vanished).</summary>
    public static readonly TimeSpan LostWorkerGrace = TimeSpan.FromSeconds(5);

    /// <summary>Finished units' leases released together when no auction comes first (see the main loop).</summary>
    public const int ReleaseBatch = 8;

    /// <summary>Auction rounds a unit waits (with backoff) for an instance to accept it before that counts as a failed attempt.</summary>
    public const int MaxCapacityWaits = 30;

    public override async Task<ExecutionResult?> RunAsync(TaskOrchestrationContext context, ExecutionPlan input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var errors = ExecutionPlanValidator.Validate(input);
        if (errors.Count > 0)
        {
            throw new ArgumentException("The execution plan is invalid: " + string.Join("; ", errors));
        }

        var logger = context.CreateReplaySafeLogger<ExecutePlanOrchestrator>();
        var run = new PlanRun(input, context.InstanceId);
        if (input.Version >= 5)
        {
            // Re-plans measure the time elapsed from here (kept across generations by the checkpoint).
            run.StartedAtUtc ??= context.CurrentUtcDateTime;
        }

        EngineLog.ExecutionStarted(logger, input.ExecutionId, input.FunctionId, input.Units.Count, run.Generation);

        // Version 1 stores the arguments on their own before the first auction; version 2 hands them to the first
        // dispatch (one round trip fewer). The version is the plan's, fixed for the execution's life, so an
        // orchestration started at version 1 replays version 1's steps after a deploy.
        IReadOnlyDictionary<string, System.Text.Json.JsonElement>? pendingArguments = null;
        if (input.Checkpoint is null && input.Arguments is { Count: > 0 } arguments)
        {
            if (input.Version < 2)
            {
                await context.CallActivityAsync(nameof(StoreArgumentsActivity), new StoreArgumentsRequest(input.ExecutionId, arguments));
            }
            else
            {
                pendingArguments = arguments;
            }
        }

        Task<UnitCompleted>? eventTask = null;
        Task? timerTask = null;
        var timerAt = DateTime.MaxValue;
        var completions = 0;
        var toRelease = new List<ComputeReservation>();

        while (true)
        {
            // Finished units' leases are released with the next auction (in its round trip, before the bids, so the
            // capacity is offered again at once), or on their own once ReleaseBatch are pending, before continuing as
            // new, and when the execution ends: a fan-out does not pay one release round trip per completion.
            var now = context.CurrentUtcDateTime;
            var starting = run.TakeStartable(now);
            if (starting.Count > 0)
            {
                if (await this.StartAttemptsAsync(context, run, starting, [.. toRelease], pendingArguments))
                {
                    pendingArguments = null;
                }

                toRelease.Clear();
            }
            else if (toRelease.Count >= ReleaseBatch || (toRelease.Count > 0 && !run.HasActive))
            {
                await _market.ReleaseAsync(context, [.. toRelease]);
                toRelease.Clear();
            }

            if (!run.HasActive)
            {
                // Version 3: after a failure, the segments before it that never ran run as one probe unit first.
                if (input.Version >= 3 && run.TryStartProbe(context.CurrentUtcDateTime))
                {
                    EngineLog.Probing(logger, input.ExecutionId, string.Join(", ", run.Unit(run.ProbeId!.Value).Segments));
                    continue;
                }

                break;
            }

            // The probe exists only in this generation's state, so the generation does not end while it runs.
            if (completions >= input.Options.MaxCompletionsPerGeneration && eventTask is null && run.ProbeId is null)
            {
                if (toRelease.Count > 0)
                {
                    await _market.ReleaseAsync(context, [.. toRelease]);
                    toRelease.Clear();
                }

                EngineLog.ContinuingAsNew(logger, input.ExecutionId, completions, run.Generation + 1);
                context.ContinueAsNew(run.Checkpoint(input, context.CurrentUtcDateTime), preserveUnprocessedEvents: true);
                return null;
            }

            if (run.NextDeadline() is { } nextDeadline && (timerTask is null || nextDeadline < timerAt))
            {
                timerAt = nextDeadline;
                timerTask = context.CreateTimer(nextDeadline, CancellationToken.None);
            }

            // Live progress for status queries. The custom status travels with the orchestrator's response, not as
            // an action or history event, so it changes nothing a recorded history replays (every version sets it).
            context.SetCustomStatus(run.Progress());
            eventTask ??= context.WaitForExternalEvent<UnitCompleted>(UnitCompleted.EventName);
            var winner = timerTask is null ? eventTask : await Task.WhenAny(eventTask, timerTask);
            if (winner == eventTask)
            {
                var completed = await eventTask;
                eventTask = null;
                completions++;
                var outcome = run.OnCompleted(completed, context.CurrentUtcDateTime);
                if (outcome.Reservation is { } r)
                {
                    toRelease.Add(r);
                }

                LogOutcome(context, input, completed, outcome);
            }
            else
            {
                timerTask = null;
                timerAt = DateTime.MaxValue;
            }

            foreach (var expired in run.ExpireAttempts(context.CurrentUtcDateTime))
            {
                if (expired.Reservation is { } r)
                {
                    toRelease.Add(r);
                }

                LogRetryOrFailure(context, input, expired);
            }
        }

        context.SetCustomStatus(run.Progress());
        return await this.FinishAsync(context, run, input);
    }

    private static void LogOutcome(TaskOrchestrationContext context, ExecutionPlan input, UnitCompleted completed, CompletionOutcome outcome)
    {
        var logger = context.CreateReplaySafeLogger<ExecutePlanOrchestrator>();
        switch (outcome.Kind)
        {
            case CompletionKind.Ignored:
                EngineLog.CompletionIgnored(logger, input.ExecutionId, completed.UnitId, completed.Attempt, outcome.Reason ?? "duplicate");
                break;
            case CompletionKind.Returned:
                EngineLog.ReturnedEarly(logger, input.ExecutionId, completed.UnitId, outcome.SkippedCount);
                break;
            case CompletionKind.Retry or CompletionKind.Failed:
                LogRetryOrFailure(context, input, outcome);
                break;
            default:
                break;
        }
    }

    private static void LogRetryOrFailure(TaskOrchestrationContext context, ExecutionPlan input, CompletionOutcome outcome)
    {
        var logger = context.CreateReplaySafeLogger<ExecutePlanOrchestrator>();
        var error = outcome.Error ?? new UnitError("unknown", "unknown");
        if (outcome.Kind == CompletionKind.Retry)
        {
            EngineLog.Retrying(logger, input.ExecutionId, outcome.UnitId, outcome.Attempt, error.Type, error.Message, outcome.RetryDelayMs, outcome.NextRegion ?? "?");
        }
        else if (outcome.Kind == CompletionKind.Failed)
        {
            EngineLog.UnitFailed(logger, input.ExecutionId, outcome.UnitId, outcome.Attempt, error.Type, error.Message);
        }
    }

    /// <summary>Auctions and dispatches the starting attempts; true when a dispatch ran (and so stored
    /// <paramref name="arguments"/>, when given).</summary>
    private async Task<bool> StartAttemptsAsync(TaskOrchestrationContext context, PlanRun run, IReadOnlyList<ActiveUnit> starting, IReadOnlyList<ComputeReservation> releaseFirst, IReadOnlyDictionary<string, System.Text.Json.JsonElement>? arguments)
    {
        var logger = context.CreateReplaySafeLogger<ExecutePlanOrchestrator>();
        var plan = run.Plan;
        var v4 = plan.Version >= 4;
        var completed = run.Completed.ToDictionary(u => u.Id);
        var demands = starting.Select(a =>
        {
            var unit = run.Unit(a.UnitId);
            // Version 4: the first auction asks only the region the attempt is planned in (the plan decides the region,
            // the auction the instance); before, every region the attempt may use, best bid anywhere.
            IReadOnlyList<string> regions = v4 ? [a.Region] : PlanRun.RegionsForAttempt(unit, a.Attempt);
            return new UnitDemand(plan.ExecutionId, a.UnitId, a.Attempt, unit.MemoryMb, unit.EstimatedWorkMs, regions)
            {
                Pricing = Pricing(plan, unit, completed),
            };
        }).ToList();

        IReadOnlyList<ComputeBid> bids;
        if (_market is AuctionComputeMarket auction)
        {
            bids = await auction.RequestBidsAsync(context, demands, releaseFirst);
        }
        else
        {
            if (releaseFirst.Count > 0)
            {
                await _market.ReleaseAsync(context, releaseFirst);
            }

            bids = await _market.RequestBidsAsync(context, demands);
        }

        var winners = new List<ComputeBid>();
        var auctionAt = new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero);
        var movers = new List<Mover>();
        for (var i = 0; i < demands.Count; i++)
        {
            // The planner's objective for this unit (price + moving its inputs + latency weight × finish), not price alone.
            var best = AuctionComputeMarket.Best(bids, demands[i], auctionAt);
            if (v4 && MoveReason(plan, run.Unit(starting[i].UnitId), starting[i], best) is { } reason)
            {
                movers.Add(new Mover(starting[i], demands[i], best, reason));
                continue;
            }

            if (best is not null)
            {
                winners.Add(best);
            }
        }

        var moves = movers.Count == 0 ? [] : await this.MoveAsync(context, run, movers, auctionAt, winners);
        var firstReplan = run.Replans.Count;

        var reservations = winners.Count == 0 ? [] : await _market.ReserveAsync(context, winners);
        var held = reservations.Where(r => r is not null).Select(r => r!).ToDictionary(r => r.UnitId);
        var now = context.CurrentUtcDateTime;
        var items = new List<WorkItem>();
        foreach (var attempt in starting)
        {
            var unit = run.Unit(attempt.UnitId);
            if (!held.TryGetValue(attempt.UnitId, out var reservation) && attempt.CapacityWaits < MaxCapacityWaits)
            {
                // Every instance declined: the market reported the shortage (the autoscaler's signal); wait with
                // backoff and ask again without using up an attempt, so the unit is not lost to a busy market.
                var waits = attempt.CapacityWaits + 1;
                run.MarkDispatched(attempt with { Dispatched = false, WaitingUntil = now.AddMilliseconds(PlanRun.RetryDelayMs(plan.Options, waits)), CapacityWaits = waits });
                continue;
            }

            if (reservation is null)
            {
                var outcome = run.OnAttemptFailed(
                    attempt with { Dispatched = true },
                    new UnitError("Serverless.Orchestrations.NoCapacityException", $"No compute instance in {string.Join(", ", PlanRun.RegionsForAttempt(unit, attempt.Attempt))} accepted unit {unit.Id} (attempt {attempt.Attempt})."),
                    now);
                LogRetryOrFailure(context, plan, outcome);
                continue;
            }

            if (v4 && reservation.Region != attempt.Region)
            {
                // Every move out of the attempt's planned region is recorded (the market may also have re-auctioned a
                // refused winner of a moving unit into another fallback region).
                var move = moves.GetValueOrDefault(unit.Id);
                var replan = move is not null && move.ToRegion == reservation.Region
                    ? move
                    : new Replan
                    {
                        AtUtc = now,
                        UnitId = unit.Id,
                        Attempt = attempt.Attempt,
                        Reason = move?.Reason ?? Replan.Declined,
                        FromRegion = attempt.Region,
                        ToRegion = reservation.Region,
                        OldEstimateMs = move?.OldEstimateMs ?? 0,
                        NewEstimateMs = AuctionComputeMarket.ExpectedFinishMs(PlanAssumption(attempt, reservation.Region), demands.First(d => d.UnitId == unit.Id)),
                    };
                run.AddReplan(replan);
                EngineLog.Replanned(logger, plan.ExecutionId, unit.Id, attempt.Attempt, replan.FromRegion, replan.ToRegion, replan.Reason, replan.OldEstimateMs, replan.NewEstimateMs);
            }

            run.MarkDispatched(attempt with
            {
                Dispatched = true,
                Region = reservation.Region,
                Instance = reservation.Instance,
                LeaseId = reservation.LeaseId,
                DispatchedAt = now,
                WaitingUntil = now + TimeSpan.FromSeconds(unit.TimeoutSeconds) + LostWorkerGrace,
            });
            items.Add(new WorkItem
            {
                ExecutionId = plan.ExecutionId,
                InstanceId = context.InstanceId,
                FunctionId = plan.FunctionId,
                UnitId = unit.Id,
                Attempt = attempt.Attempt,
                Segments = unit.Segments,
                Inputs = unit.Inputs,
                Outputs = unit.Outputs,
                SegmentOutputs = unit.SegmentOutputs,
                Region = reservation.Region,
                Instance = reservation.Instance,
                LeaseId = reservation.LeaseId,
                TimeoutSeconds = unit.TimeoutSeconds,
                MemoryMb = unit.MemoryMb,
                CompletionQueue = plan.Options.CompletionQueue,
                TraceParent = plan.TraceParent,
            });
        }

        if (items.Count == 0)
        {
            return false;
        }

        EngineLog.Dispatching(logger, plan.ExecutionId, items.Count);
        await context.CallActivityAsync(nameof(DispatchUnitsActivity), new DispatchRequest(plan.ExecutionId, items, arguments));
        if (plan.Version >= 5 && run.Replans.Count > firstReplan && plan.Environment is not null)
        {
            await ReplanRestAsync(context, run, firstReplan, movers);
        }

        return true;
    }

    /// <summary>
    /// Plan version 5: after this auction moved units, re-plans the units not started yet (same units, regions by the
    /// cost model; <see cref="ReplanActivity"/>, so the answer is in the history) with what the auction saw: a region
    /// whose instances all declined is not used while another allowed region remains, and the start delays of the
    /// planned region's best bid and of the winner are expected of later units there. The re-plan is recorded in the
    /// batch's last replan (its re-placed units and both makespan estimates; the batch's other replans carry the same
    /// estimates and no units), and the re-placed units run in their new regions unless a later replan names them.
    /// </summary>
    private static async Task ReplanRestAsync(TaskOrchestrationContext context, PlanRun run, int firstReplan, IReadOnlyList<Mover> movers)
    {
        var logger = context.CreateReplaySafeLogger<ExecutePlanOrchestrator>();
        var plan = run.Plan;
        var batch = run.Replans.Skip(firstReplan).ToList();
        var at = batch[0].AtUtc;
        var moved = batch.ToDictionary(r => r.UnitId, r => r.NewEstimateMs);
        var unavailable = batch.Where(r => r.Reason == Replan.Declined).Select(r => r.FromRegion).Distinct().Order(StringComparer.Ordinal).ToList();
        var delays = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var m in movers.Where(m => m.Planned is not null))
        {
            delays[m.Planned!.Region] = Math.Max(delays.GetValueOrDefault(m.Planned.Region), m.Planned.StartDelayMs);
        }

        var request = run.ReplanRequest(at, moved, unavailable, delays);
        var result = await context.CallActivityAsync<ReplanResult>(nameof(ReplanActivity), request);
        var elapsed = request.NowMs;
        for (var i = 0; i < batch.Count; i++)
        {
            var last = i == batch.Count - 1;
            run.CompleteReplan(firstReplan + i, batch[i] with
            {
                Replaced = last ? result.Replaced : [],
                ElapsedMs = Math.Round(elapsed, 3),
                OldMakespanMs = Math.Round(result.OldMakespanMs, 3),
                NewMakespanMs = Math.Round(result.NewMakespanMs, 3),
            });
        }

        EngineLog.RemainderReplanned(logger, plan.ExecutionId, batch[^1].UnitId, result.Replaced.Count, string.Join(", ", result.Replaced.Select(r => $"unit {r.UnitId} {r.FromRegion} -> {r.ToRegion}")), result.OldMakespanMs, result.NewMakespanMs, result.KeptMakespanMs);
    }

    /// <summary>
    /// Plan version 4: why a unit's attempt leaves the region it is planned in, or null when it stays. It moves only
    /// when it has somewhere to go (a fallback region) and its region cannot take it in time: every instance declined
    /// in this round and in <see cref="ExecutionOptions.ReplanAfterCapacityWaits"/> rounds before it
    /// (<see cref="Replan.Declined"/>), or the best bid would start later than the unit's slack,
    /// max(<see cref="ExecutionOptions.ReplanSlackFloorMs"/>, <see cref="ExecutionOptions.ReplanSlackFraction"/> × its
    /// estimated work) (<see cref="Replan.StartDelay"/>).
    /// </summary>
    public static string? MoveReason(ExecutionPlan plan, PlanUnit unit, ActiveUnit attempt, ComputeBid? best)
    {
        if (!PlanRun.RegionsForAttempt(unit, attempt.Attempt).Any(r => r != attempt.Region))
        {
            return null;
        }

        if (best is null)
        {
            return attempt.CapacityWaits >= (plan.Options.ReplanAfterCapacityWaits ?? ExecutionOptions.DefaultReplanAfterCapacityWaits) ? Replan.Declined : null;
        }

        return best.StartDelayMs > plan.Options.ReplanSlackMs(unit.EstimatedWorkMs) ? Replan.StartDelay : null;
    }

    /// <summary>
    /// Plan version 4: re-plans the region of units whose planned region cannot take them in time. Bids of the attempt's
    /// other regions (one more auction, its bids in the history like every bid) compete with the planned region's best
    /// bid, if any, by the plan's objective; the winner is added to <paramref name="winners"/>. Returns the re-plans of
    /// the units whose winner is elsewhere, by unit, recorded once their reservation holds.
    /// </summary>
    private async Task<Dictionary<int, Replan>> MoveAsync(TaskOrchestrationContext context, PlanRun run, IReadOnlyList<Mover> movers, DateTimeOffset auctionAt, List<ComputeBid> winners)
    {
        var away = movers.Select(m => m.Demand with { Regions = [.. PlanRun.RegionsForAttempt(run.Unit(m.Attempt.UnitId), m.Attempt.Attempt).Where(r => r != m.Attempt.Region)] }).ToList();
        var bids = await _market.RequestBidsAsync(context, away);
        var moves = new Dictionary<int, Replan>();
        for (var i = 0; i < movers.Count; i++)
        {
            var m = movers[i];
            var scoring = m.Demand with { Regions = [m.Attempt.Region, .. away[i].Regions] };
            IEnumerable<ComputeBid> candidates = m.Planned is null ? bids : [m.Planned, .. bids];
            var best = AuctionComputeMarket.Best(candidates, scoring, auctionAt);
            if (best is null)
            {
                continue;
            }

            winners.Add(best);
            if (best.Region != m.Attempt.Region)
            {
                moves[m.Attempt.UnitId] = new Replan
                {
                    AtUtc = context.CurrentUtcDateTime,
                    UnitId = m.Attempt.UnitId,
                    Attempt = m.Attempt.Attempt,
                    Reason = m.Reason,
                    FromRegion = m.Attempt.Region,
                    ToRegion = best.Region,
                    OldEstimateMs = AuctionComputeMarket.ExpectedFinishMs(PlanAssumption(m.Attempt, m.Attempt.Region), scoring),
                    NewEstimateMs = AuctionComputeMarket.ExpectedFinishMs(best, scoring),
                };
            }
        }

        return moves;
    }

    /// <summary>What the plan assumed for an attempt in <paramref name="region"/>: no start delay, its estimated work.</summary>
    private static ComputeBid PlanAssumption(ActiveUnit attempt, string region) =>
        new(attempt.UnitId, attempt.Attempt, region, region, 0, 0, DateTimeOffset.MaxValue);

    private sealed record Mover(ActiveUnit Attempt, UnitDemand Demand, ComputeBid? Planned, string Reason);

    /// <summary>
    /// What the auction scores a unit's bids with: where its inputs are now (the region of the unit that produced each,
    /// the origin for arguments, the data region for data its segments read) and how big (measured when known, else the plan's estimate), the plan's regions and
    /// network, and its latency weight. Null when the plan carries no environment (bids then compare by price).
    /// </summary>
    internal static AuctionContext? Pricing(ExecutionPlan plan, PlanUnit unit, IReadOnlyDictionary<int, UnitRun> completed)
    {
        if (plan.Environment is not { } environment)
        {
            return null;
        }

        var bytesAt = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var input in unit.Inputs)
        {
            var bytes = unit.InputBytes.GetValueOrDefault(input.Variable);
            string location;
            if (input.ProducerUnit is { } producer)
            {
                if (completed.TryGetValue(producer, out var ran))
                {
                    location = ran.Region;
                    bytes = ran.OutputBytes.TryGetValue(input.Variable, out var measured) ? measured : bytes;
                }
                else
                {
                    location = plan.Units.FirstOrDefault(u => u.Id == producer)?.Region ?? environment.Origin;
                }
            }
            else
            {
                location = environment.Origin;
                bytes = plan.Arguments?.TryGetValue(input.Variable, out var argument) == true ? argument.GetRawText().Length : bytes;
            }

            bytesAt[location] = bytesAt.GetValueOrDefault(location) + bytes;
        }

        // The data its segments read where it lives travels to the bidder's region like an input held there.
        foreach (var read in unit.DataReads ?? [])
        {
            bytesAt[read.Region] = bytesAt.GetValueOrDefault(read.Region) + read.Bytes;
        }

        return new AuctionContext(plan.LatencyWeight, [.. bytesAt.Select(p => new InputLocation(p.Key, p.Value))], environment);
    }

    /// <summary>The speed of the region a unit ran in, from the plan's environment (1 when the plan has none). Profiles
    /// carry it from plan version 5 on, so earlier histories replay the activity input they recorded.</summary>
    private static double SpeedOf(PlanEnvironment? environment, string region)
        => environment?.Regions.FirstOrDefault(r => r.Name == region)?.Speed ?? 1.0;

    private async Task<ExecutionResult> FinishAsync(TaskOrchestrationContext context, PlanRun run, ExecutionPlan input)
    {
        var logger = context.CreateReplaySafeLogger<ExecutePlanOrchestrator>();
        if (input.Options.RecordProfiles && run.Completed.Count > 0)
        {
            await context.CallActivityAsync(nameof(RecordProfilesActivity), new ProfileBatch(input.FunctionId, [.. run.Completed.Select(u => new UnitSample(u.Segments, u.DurationMs, u.OutputBytes, input.Version >= 5 ? SpeedOf(input.Environment, u.Region) : null))]));
        }

        // Version 3 lets a return at an earlier segment win over a later failure (the direct call never reached it).
        if ((input.Version >= 3 ? run.DecisiveFailure() : run.FirstFailure()) is { } failure)
        {
            await CleanupAsync(context, input);
            var unit = run.Unit(failure.UnitId);
            throw new TaskFailedException(
                $"unit {failure.UnitId} (segments {string.Join(", ", unit.Segments)})",
                failure.UnitId,
                new TaskFailureDetails(failure.Error.Type, failure.Error.Message, null, null, null));
        }

        var unfinished = run.Unfinished();
        if (unfinished.Count > 0 && !(input.Version >= 3 && run.FirstFailure() is not null))
        {
            throw new InvalidOperationException($"Units {string.Join(", ", unfinished)} never became ready; the plan's dependencies are inconsistent.");
        }

        System.Text.Json.JsonElement? result = null;
        if (run.ReturnedBy is { } returnedBy)
        {
            result = await context.CallActivityAsync<System.Text.Json.JsonElement?>(nameof(ReadResultActivity), new ReadResultRequest(input.ExecutionId, returnedBy));
        }

        await CleanupAsync(context, input);
        EngineLog.ExecutionCompleted(logger, input.ExecutionId, run.Completed.Count, run.Skipped.Count);
        return new ExecutionResult
        {
            ExecutionId = input.ExecutionId,
            Result = result,
            ReturnedBy = run.ReturnedBy,
            Units = [.. run.Completed.OrderBy(u => u.Id)],
            Skipped = [.. run.Skipped.Order()],
            Generations = run.Generation,
            Replans = run.ResultReplans,
        };
    }

    private static async Task CleanupAsync(TaskOrchestrationContext context, ExecutionPlan input)
    {
        if (input.Options.RetentionSeconds <= 0)
        {
            await context.CallActivityAsync(nameof(CleanupExecutionActivity), input.ExecutionId);
        }
        else
        {
            // Not awaited: the cleanup waits out the retention period in its own instance; the result is not held back.
            _ = context.CallSubOrchestratorAsync(
                nameof(CleanupExecutionOrchestrator),
                new CleanupRequest(input.ExecutionId, input.Options.RetentionSeconds),
                new SubOrchestrationOptions { InstanceId = context.InstanceId + ":cleanup" });
        }
    }
}
