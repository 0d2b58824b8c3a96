namespace Serverless.Hosting.Interception;

/// <summary>
/// A split call failed with an exception whose type cannot be recreated in the caller (not loaded, or without a
/// constructor taking a message): it carries the original type name and message.
/// </summary>
public sealed class SplitCallFailedException : Exception
{
    public SplitCallFailedException(string functionId, string errorType, string message)
        : base(message)
    {
        FunctionId = functionId;
        ErrorType = errorType;
    }

    public SplitCallFailedException()
        : base("A split call failed.")
    {
        FunctionId = string.Empty;
        ErrorType = string.Empty;
    }

    public SplitCallFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
        FunctionId = string.Empty;
        ErrorType = string.Empty;
    }

    /// <summary>The function whose segment threw.</summary>
    public string FunctionId { get; }

    /// <summary>The full name of the exception type the segment threw.</summary>
    public string ErrorType { get; }
}
