namespace Serverless.Api.Planning;

/// <summary>
/// A unit of a plan: its id, its segment ids in source order, its region, and when the planner's schedule starts and
/// finishes it (ms from the call; null where the schedule is not known, as for a plan the caller gave).
/// </summary>
public sealed record PreviewUnit(int Id, IReadOnlyList<int> Segments, string Region, double? PlannedStartMs = null, double? PlannedFinishMs = null);
