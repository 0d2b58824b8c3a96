namespace Serverless.Orchestrations.Ports;

/// <summary>An overriding geo preference: the regions, and whether they are the only ones allowed.</summary>
public sealed record GeoPreferenceOverride(IReadOnlyList<string> Regions, bool Strict)
{
    /// <summary>Value equality over the region list (records compare lists by reference).</summary>
    public bool Equals(GeoPreferenceOverride? other)
        => other is not null && Strict == other.Strict && Regions.SequenceEqual(other.Regions, StringComparer.Ordinal);

    public override int GetHashCode() => HashCode.Combine(Strict, Regions.Count);
}
