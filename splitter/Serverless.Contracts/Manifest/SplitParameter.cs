namespace Serverless.Contracts.Manifest;

/// <summary>A parameter of a splittable method: its name and fully qualified type.</summary>
public sealed record SplitParameter(string Name, string Type);
