using Serverless.Orchestrations.Ports;

namespace Serverless.Api.Requests;

/// <summary>
/// Body of <c>POST /api/annotation/update</c>: the function and the overrides to change. A member left out keeps its
/// stored override, a member sent as null removes it (the setters record which members were present).
/// </summary>
internal sealed class AnnotationUpdateRequest
{
    private PatchField<bool?> _splitable;
    private PatchField<GeoPreferenceRequest?> _geoPreference;
    private PatchField<ResourceConstraintRequest?> _resourceConstraint;

    public required string Function { get; init; }

    public bool? Splitable
    {
        get => _splitable.Value;
        set => _splitable = PatchField<bool?>.Set(value);
    }

    public GeoPreferenceRequest? GeoPreference
    {
        get => _geoPreference.Value;
        set => _geoPreference = PatchField<GeoPreferenceRequest?>.Set(value);
    }

    public ResourceConstraintRequest? ResourceConstraint
    {
        get => _resourceConstraint.Value;
        set => _resourceConstraint = PatchField<ResourceConstraintRequest?>.Set(value);
    }

    public PatchField<bool?> SplitablePatch() => _splitable;

    public PatchField<GeoPreferenceRequest?> GeoPreferencePatch() => _geoPreference;

    public PatchField<ResourceConstraintRequest?> ResourceConstraintPatch() => _resourceConstraint;
}
