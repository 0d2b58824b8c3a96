namespace Serverless.Orchestrations.Ports;

/// <summary>
/// A change to a function's overrides: each member is left alone (<see cref="PatchField{T}.Unchanged"/>), set to a
/// value, or removed (set to null, which restores the compile-time attribute).
/// </summary>
public sealed record AnnotationPatch(
    PatchField<bool?> Splitable,
    PatchField<GeoPreferenceOverride?> GeoPreference,
    PatchField<ResourceConstraintOverride?> ResourceConstraint)
{
    /// <summary>The overrides after this patch.</summary>
    public AnnotationOverrides ApplyTo(AnnotationOverrides current)
    {
        ArgumentNullException.ThrowIfNull(current);
        return new AnnotationOverrides(
            Splitable.IsSet ? Splitable.Value : current.Splitable,
            GeoPreference.IsSet ? GeoPreference.Value : current.GeoPreference,
            ResourceConstraint.IsSet ? ResourceConstraint.Value : current.ResourceConstraint);
    }
}
