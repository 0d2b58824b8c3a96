namespace Serverless.Planning.Model;

/// <summary>A segment (one top-level statement): variables read and written, and its work in reference milliseconds.</summary>
public sealed record GraphSegment(
    int Id,
    IReadOnlyList<string> Reads,
    IReadOnlyList<string> Writes,
    double Work,
    int StartLine = 0,
    int EndLine = 0);
