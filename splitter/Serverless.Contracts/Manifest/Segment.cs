using System.Collections.Generic;

namespace Serverless.Contracts.Manifest;

/// <summary>
/// One top-level statement of a splittable method. Lines are 1-based; <see cref="Reads"/> and
/// <see cref="Writes"/> list top-level locals and parameters, sorted by name with <see cref="string.CompareOrdinal(string, string)"/>; <see cref="Work"/> is the
/// static estimate in reference milliseconds.
/// </summary>
public sealed record Segment(int Id, int StartLine, int EndLine, IReadOnlyList<string> Reads, IReadOnlyList<string> Writes, double Work);
