namespace Serverless.Orchestrations.Runtime;

/// <summary>
/// What a local split run produced: the units as run (segment ids each), the result as JSON (null when the
/// method returns nothing) and the result deserialised as the function's result type.
/// </summary>
public sealed record LocalRunResult(IReadOnlyList<IReadOnlyList<int>> Units, ReadOnlyMemory<byte>? ResultJson, object? Result);
