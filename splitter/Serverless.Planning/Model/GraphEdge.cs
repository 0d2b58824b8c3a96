namespace Serverless.Planning.Model;

/// <summary>An edge between segments; <see cref="Kind"/> is <c>data</c>, <c>control</c> or <c>order</c>; data edges carry variables.</summary>
public sealed record GraphEdge(int From, int To, string Kind, IReadOnlyList<string>? Variables = null);
