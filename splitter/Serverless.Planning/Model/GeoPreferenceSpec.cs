namespace Serverless.Planning.Model;

/// <summary>Regions a function prefers; <see cref="Strict"/> makes them the only allowed ones, otherwise units outside pay a penalty.</summary>
public sealed record GeoPreferenceSpec(IReadOnlyList<string> Regions, bool Strict = false);
