using Serverless.Orchestrations.Ports;

namespace Serverless.Api.Contracts;

/// <summary>One deployed virtual function (<c>{function}/u{unit}@{region}</c>) as <c>GET /api/function/{id}</c> lists it.</summary>
public sealed record DeployedFunctionView(
    string Id,
    int UnitId,
    IReadOnlyList<int> Segments,
    string Region,
    int MemoryMb,
    int TimeoutSeconds,
    string PackageVersion,
    DateTimeOffset DeployedAt)
{
    /// <summary>The view of a registry entry.</summary>
    public static DeployedFunctionView From(DeployedFunction entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var f = entry.VirtualFunction;
        return new(f.Id, f.UnitId, f.Segments, f.Region, f.MemoryMb, f.TimeoutSeconds, f.PackageVersion, entry.DeployedAt);
    }
}
