namespace Serverless.Contracts.Manifest;

/// <summary>
/// A parameter or top-level local of a splittable method. <see cref="DeclaringSegment"/> is -1 for parameters.
/// </summary>
public sealed record SplitVariable(string Name, string Type, bool IsParameter, int DeclaringSegment);
