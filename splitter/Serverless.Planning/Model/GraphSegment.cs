using System.Text.Json.Serialization;
using Serverless.Contracts.Manifest;

namespace Serverless.Planning.Model;

/// <summary>
/// A segment (one top-level statement): variables read and written, its work in reference milliseconds, and the data
/// it reads where that lives (<c>[DataSource]</c>: bytes per region, null or empty when none).
/// </summary>
public sealed record GraphSegment(
    int Id,
    IReadOnlyList<string> Reads,
    IReadOnlyList<string> Writes,
    double Work,
    int StartLine = 0,
    int EndLine = 0,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<DataRead>? DataReads = null);
