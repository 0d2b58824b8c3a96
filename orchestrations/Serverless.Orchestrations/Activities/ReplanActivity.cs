using Microsoft.DurableTask;
using Serverless.Contracts.Plans;
using Serverless.Planning.Replanning;

namespace Serverless.Orchestrations.Activities;

/// <summary>
/// Plan version 5: re-plans the units not started yet after a unit moved (<see cref="RemainderPlanner"/>: same units,
/// regions chosen by the cost model with the current finish times, declines and start delays). An activity, so the
/// answer is recorded in the history: a replay takes the recorded re-plan, whatever the planner's code is by then.
/// </summary>
public sealed class ReplanActivity : TaskActivity<ReplanRequest, ReplanResult>
{
    public override Task<ReplanResult> RunAsync(TaskActivityContext context, ReplanRequest input) => Task.FromResult(Run(input));

    /// <summary>The re-plan itself (pure).</summary>
    public static ReplanResult Run(ReplanRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var plan = RemainderPlanner.Plan(new RemainderProblem
        {
            Units = input.Units,
            Environment = input.Environment,
            LatencyWeight = input.LatencyWeight,
            Fixed = input.Fixed,
            PendingUnits = input.Pending,
            NowMs = input.NowMs,
            Unavailable = input.Unavailable,
            RegionDelayMs = input.RegionDelayMs,
            InputBytes = input.MeasuredInputs.ToDictionary(m => (m.UnitId, m.Variable), m => (double)m.Bytes),
        });
        return new ReplanResult(plan.Replaced, RemainderPlanner.PlannedMakespanMs(input.Units, input.Environment), plan.MakespanMs, plan.KeptMakespanMs);
    }
}

/// <summary>
/// Input of <see cref="ReplanActivity"/>: the execution's units (not skipped) in their current regions, regions and
/// network, latency weight, units with a known region and finish (finished, running, moved), units not started yet,
/// the time now (ms since the execution started), regions that declined, start delays seen, measured input sizes.
/// </summary>
public sealed record ReplanRequest(
    string ExecutionId,
    IReadOnlyList<PlanUnit> Units,
    PlanEnvironment Environment,
    double LatencyWeight,
    IReadOnlyList<FixedUnit> Fixed,
    IReadOnlyList<int> Pending,
    double NowMs,
    IReadOnlyList<string> Unavailable,
    IReadOnlyDictionary<string, double> RegionDelayMs,
    IReadOnlyList<MeasuredInput> MeasuredInputs);

/// <summary>A measured size of a unit's input (its producer's serialised output).</summary>
public sealed record MeasuredInput(int UnitId, string Variable, int Bytes);

/// <summary>Output of <see cref="ReplanActivity"/>: the units moved, and the makespan estimates (as planned before;
/// re-planned; had the pending units stayed).</summary>
public sealed record ReplanResult(IReadOnlyList<ReplacedUnit> Replaced, double OldMakespanMs, double NewMakespanMs, double KeptMakespanMs);
