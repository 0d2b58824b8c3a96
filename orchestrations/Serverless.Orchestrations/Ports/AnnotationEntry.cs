namespace Serverless.Orchestrations.Ports;

/// <summary>A function's stored overrides with the ETag to send back in <c>If-Match</c>.</summary>
public sealed record AnnotationEntry(string FunctionId, AnnotationOverrides Overrides, string ETag);
