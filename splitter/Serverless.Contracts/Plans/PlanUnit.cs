using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace Serverless.Contracts.Plans;

/// <summary>
/// One unit of a plan: segments run together, in source order, in one region. <see cref="DependsOn"/> lists the
/// units whose outputs it reads; <see cref="ControlDependsOn"/> the units that may <c>return</c> before it.
/// </summary>
public sealed record PlanUnit
{
    public required int Id { get; init; }

    public required IReadOnlyList<int> Segments { get; init; }

    public required string Region { get; init; }

    public IReadOnlyList<int> DependsOn { get; init; } = [];

    public IReadOnlyList<int> ControlDependsOn { get; init; } = [];

    /// <summary>Variables the unit reads, each with the unit that produced it (null: an argument of the call).</summary>
    public IReadOnlyList<UnitInput> Inputs { get; init; } = [];

    /// <summary>Variables the unit writes that a later unit reads.</summary>
    public IReadOnlyList<string> Outputs { get; init; } = [];

    /// <summary>
    /// The same outputs, each as it is right after the segment that produced it for a later unit. Null (and left out
    /// of the JSON) when there are none, and in plans built before segment outputs existed: then each output is the
    /// unit's value when it finished.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<UnitOutput>? SegmentOutputs { get; init; }

    public int TimeoutSeconds { get; init; } = 60;

    public int MemoryMb { get; init; } = 512;

    /// <summary>Other regions a retry may use, in order of preference (empty: retries stay in <see cref="Region"/>).</summary>
    public IReadOnlyList<string> FallbackRegions { get; init; } = [];

    /// <summary>The unit's work in reference milliseconds (sum of its segments' work; 0: unknown). Bids price it.</summary>
    public double EstimatedWorkMs { get; init; }

    /// <summary>Estimated serialised size of each input variable in bytes (the auction prices moving them; missing: unknown, 0).</summary>
    public IReadOnlyDictionary<string, long> InputBytes { get; init; } = new Dictionary<string, long>();

    /// <summary>
    /// The data the unit's segments read where it lives (their <c>[DataSource]</c> reads summed per region, sorted by
    /// region): the auction prices bringing it to a bidder's region like an input held there. Null (and left out of
    /// the JSON) when there is none, and in plans built before data reads existed.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<Manifest.DataRead>? DataReads { get; init; }
}
