using System.Collections.Generic;

namespace Serverless.Contracts.Manifest;

/// <summary>
/// One top-level statement of a splittable method. Lines are 1-based; <see cref="Reads"/> and
/// <see cref="Writes"/> list top-level locals and parameters, sorted by name with <see cref="string.CompareOrdinal(string, string)"/>; <see cref="Work"/> is the
/// static estimate in reference milliseconds.
/// </summary>
public sealed record Segment(int Id, int StartLine, int EndLine, IReadOnlyList<string> Reads, IReadOnlyList<string> Writes, double Work)
{
    /// <summary>
    /// The top-level locals this statement declares and may write that C# does not consider definitely assigned when
    /// the statement completes (e.g. a pattern variable of an <c>if</c> condition), sorted like <see cref="Writes"/>:
    /// no later statement can read them, so a segment executor stores none of them (not part of the manifest JSON;
    /// used by the generator).
    /// </summary>
    public IReadOnlyList<string> Unassigned { get; init; } = [];

    /// <summary>
    /// Data the statement reads where it lives (the <c>[DataSource]</c> methods it calls), one entry per region sorted
    /// by region name with <see cref="string.CompareOrdinal(string, string)"/>; empty when it calls none. In the manifest
    /// JSON as <c>dataReads</c>, left out when empty.
    /// </summary>
    public IReadOnlyList<DataRead> DataReads { get; init; } = [];
}
