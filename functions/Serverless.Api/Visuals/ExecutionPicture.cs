namespace Serverless.Api.Visuals;

/// <summary>What the pictures show: a function's units (segments, region, instance, timing) and the edges between them.</summary>
public sealed record ExecutionPicture(string Function, IReadOnlyList<PictureUnit> Units, IReadOnlyList<PictureEdge> Edges);

/// <summary>
/// A unit as drawn. Timing and instance are null for a plan that has not run; the planned start and end (the
/// planner's schedule, on the same time axis) are null where the plan has no schedule.
/// </summary>
public sealed record PictureUnit(int Id, IReadOnlyList<int> Segments, string Region, string? Instance = null, double? StartMs = null, double? EndMs = null, int Attempts = 1)
{
    public double? PlannedStartMs { get; init; }

    public double? PlannedEndMs { get; init; }
}

/// <summary>An edge between units with the variables it carries (empty for control/order edges).</summary>
public sealed record PictureEdge(int From, int To, IReadOnlyList<string> Variables);
