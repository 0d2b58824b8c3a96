namespace Serverless.Api.Execution;

/// <summary>A submission named an execution id that another request already started.</summary>
public sealed class ExecutionConflictException : Exception
{
    public ExecutionConflictException()
    {
    }

    public ExecutionConflictException(string message)
        : base(message)
    {
    }

    public ExecutionConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
