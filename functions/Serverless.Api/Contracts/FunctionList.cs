namespace Serverless.Api.Contracts;

/// <summary>The body of <c>GET /api/functions</c>.</summary>
public sealed record FunctionList(IReadOnlyList<FunctionSummary> Functions);
