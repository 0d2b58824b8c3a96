namespace Serverless.Orchestrations.Ports;

/// <summary>A conditional annotation update failed: the stored ETag is not the one the writer read.</summary>
public sealed class AnnotationConflictException : Exception
{
    public AnnotationConflictException(string functionId, string? expectedETag, string? currentETag)
        : base($"The annotations of '{functionId}' changed since ETag {expectedETag ?? "(none)"} was read (current: {currentETag ?? "(none)"}). GET /api/annotation/{functionId} again and retry with the new ETag.")
    {
        FunctionId = functionId;
        CurrentETag = currentETag;
    }

    public AnnotationConflictException()
    {
        FunctionId = string.Empty;
    }

    public AnnotationConflictException(string message)
        : base(message)
    {
        FunctionId = string.Empty;
    }

    public AnnotationConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
        FunctionId = string.Empty;
    }

    public string FunctionId { get; }

    public string? CurrentETag { get; }
}
