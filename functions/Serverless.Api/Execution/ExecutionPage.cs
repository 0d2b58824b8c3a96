namespace Serverless.Api.Execution;

/// <summary>A page of executions and the token of the next page (null on the last).</summary>
public sealed record ExecutionPage(IReadOnlyList<ExecutionState> Executions, string? ContinuationToken);
