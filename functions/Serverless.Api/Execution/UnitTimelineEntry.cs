namespace Serverless.Api.Execution;

/// <summary>One unit of an execution: where and on which instance it ran, how many attempts it took, and when.</summary>
public sealed record UnitTimelineEntry(
    int Unit,
    IReadOnlyList<int> Segments,
    string Region,
    string? Instance,
    int Attempts,
    DateTimeOffset? Start,
    DateTimeOffset? End);
