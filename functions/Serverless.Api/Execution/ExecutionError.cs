namespace Serverless.Api.Execution;

/// <summary>Why an execution failed: the original exception type and message of the earliest failing segment.</summary>
public sealed record ExecutionError(string Type, string Message, int? Segment);
