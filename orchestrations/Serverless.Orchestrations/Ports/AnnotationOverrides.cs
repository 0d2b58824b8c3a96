namespace Serverless.Orchestrations.Ports;

/// <summary>
/// Run-time overrides of a function's annotations; a null member means "no override: use the compile-time attribute".
/// </summary>
public sealed record AnnotationOverrides(bool? Splitable, GeoPreferenceOverride? GeoPreference, ResourceConstraintOverride? ResourceConstraint)
{
    /// <summary>No overrides.</summary>
    public static AnnotationOverrides Empty { get; } = new(null, null, null);
}
