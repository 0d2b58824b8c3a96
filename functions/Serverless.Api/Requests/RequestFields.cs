namespace Serverless.Api.Requests;

/// <summary>
/// What a problem about a request member adds to the serializer's facts: how to fill a required member, and the
/// range of whole-number members. Keys are member paths without array indices.
/// </summary>
internal static class RequestFields
{
    private static readonly Dictionary<string, string> RequiredHints = new(StringComparer.Ordinal)
    {
        ["arguments"] = ": an object with one member per parameter ({} for none)",
        ["geoPreference.regions"] = ": a non-empty array of region names",
        ["resourceConstraint.memoryMb"] = $" ({ResourceConstraintRequest.MinMemoryMb}–{ResourceConstraintRequest.MaxMemoryMb})",
        ["resourceConstraint.timeoutSeconds"] = $" ({ResourceConstraintRequest.MinTimeoutSeconds}–{ResourceConstraintRequest.MaxTimeoutSeconds})",
    };

    private static readonly Dictionary<string, (int Min, int Max)> Ranges = new(StringComparer.Ordinal)
    {
        ["resourceConstraint.memoryMb"] = (ResourceConstraintRequest.MinMemoryMb, ResourceConstraintRequest.MaxMemoryMb),
        ["resourceConstraint.timeoutSeconds"] = (ResourceConstraintRequest.MinTimeoutSeconds, ResourceConstraintRequest.MaxTimeoutSeconds),
    };

    public static string RequiredHint(string key) => RequiredHints.GetValueOrDefault(key, string.Empty);

    public static (int Min, int Max)? Range(string key) => Ranges.TryGetValue(key, out var range) ? range : null;
}
