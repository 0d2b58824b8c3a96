namespace Serverless.Local.Demo;

/// <summary>What the demo measured for one sample: split and unsplit runs, against the planner's estimates.</summary>
internal sealed record SampleOutcome(
    string FunctionId,
    bool ResultsEqual,
    string DirectResult,
    string? SplitResult,
    string? UnsplitResult,
    int Units,
    IReadOnlyList<string> Regions,
    string UnsplitRegion,
    double PlannedMakespanMs,
    double MeasuredMakespanMs,
    double UnsplitPlannedMakespanMs,
    double UnsplitMeasuredMakespanMs,
    double PlannedCost,
    double MeasuredCost,
    double UnsplitPlannedCost,
    double UnsplitMeasuredCost,
    string? Problem)
{
    /// <summary>Each unit of the split run: where the plan put it, and the region and instance that ran it.</summary>
    public IReadOnlyList<(int Id, string PlannedRegion, string? Region, string? Instance)> UnitPlacements { get; init; } = [];

    /// <summary>The planner's objective for the split plan and for the best single region.</summary>
    public double PlannedObjective { get; init; }

    public double UnsplitPlannedObjective { get; init; }

    /// <summary>The same objective over what ran: measured cost + latency weight × measured makespan (s) + the plan's
    /// preference penalty, for the split run and for the unsplit one.</summary>
    public double MeasuredObjective { get; init; }

    public double UnsplitMeasuredObjective { get; init; }

    /// <summary>The split run's units moved out of their planned region, and when the run started (for their times).</summary>
    public IReadOnlyList<Serverless.Contracts.Plans.Replan> Replans { get; init; } = [];

    public DateTimeOffset SplitStarted { get; init; }
}
