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
    string? Problem);
