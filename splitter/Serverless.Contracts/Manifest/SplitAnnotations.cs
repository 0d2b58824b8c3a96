using System.Collections.Generic;

namespace Serverless.Contracts.Manifest;

/// <summary>Compile-time annotations of a method; members are null when the attribute is absent.</summary>
public sealed record SplitAnnotations(GeoPreferenceInfo? GeoPreference, ResourceConstraintInfo? ResourceConstraint)
{
    /// <summary>No annotations.</summary>
    public static SplitAnnotations None { get; } = new(null, null);
}

/// <summary>Regions a method prefers; <see cref="Strict"/> makes them the only allowed ones.</summary>
public sealed record GeoPreferenceInfo(IReadOnlyList<string> Regions, bool Strict);

/// <summary>Memory and timeout a method's units need.</summary>
public sealed record ResourceConstraintInfo(int MemoryMb, int TimeoutSeconds);
