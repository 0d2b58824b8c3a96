using Serverless.Contracts.Manifest;

namespace Serverless.Api.Planning;

/// <summary>
/// The annotations a call runs under: compile-time attributes overlaid by run-time overrides. <see cref="Splitable"/>
/// is false when an override says so or the analysis found errors.
/// </summary>
public sealed record EffectiveAnnotations(bool Splitable, GeoPreferenceInfo? GeoPreference, ResourceConstraintInfo? ResourceConstraint);
