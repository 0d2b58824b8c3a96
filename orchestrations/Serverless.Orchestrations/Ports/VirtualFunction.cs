namespace Serverless.Orchestrations.Ports;

/// <summary>
/// One sub-component deployed as a virtual function: its identifier (<c>{function}/u{unit}@{region}</c>), the unit's
/// segments, the region, memory, timeout and the version of the package that contains its executors.
/// </summary>
public sealed record VirtualFunction(
    string Id,
    string FunctionId,
    int UnitId,
    IReadOnlyList<int> Segments,
    string Region,
    int MemoryMb,
    int TimeoutSeconds,
    string PackageVersion)
{
    /// <summary>The identifier of a unit of a function in a region.</summary>
    public static string IdentifierFor(string functionId, int unitId, string region) => $"{functionId}/u{unitId}@{region}";

    /// <summary>Value equality over the segment list (records compare lists by reference).</summary>
    public bool Equals(VirtualFunction? other)
        => other is not null && Id == other.Id && FunctionId == other.FunctionId && UnitId == other.UnitId
            && Region == other.Region && MemoryMb == other.MemoryMb && TimeoutSeconds == other.TimeoutSeconds
            && PackageVersion == other.PackageVersion && Segments.SequenceEqual(other.Segments);

    public override int GetHashCode() => HashCode.Combine(Id, Region, MemoryMb, TimeoutSeconds, PackageVersion);
}
