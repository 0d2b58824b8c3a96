namespace Serverless.Planning.Model;

/// <summary>The method's compile-time annotations as the manifest prints them; members are null when absent.</summary>
public sealed record GraphAnnotations(GeoPreferenceSpec? GeoPreference = null, ResourceConstraintSpec? ResourceConstraint = null);
