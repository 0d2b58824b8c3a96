namespace Serverless.Planning.Model;

/// <summary>Memory every unit needs and the longest a unit may run.</summary>
public sealed record ResourceConstraintSpec(int MemoryMb, int TimeoutSeconds);
