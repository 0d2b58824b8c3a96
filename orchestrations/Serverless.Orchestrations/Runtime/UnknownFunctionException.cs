namespace Serverless.Orchestrations.Runtime;

/// <summary>No splittable function with the given id is registered.</summary>
public sealed class UnknownFunctionException : Exception
{
    public UnknownFunctionException(string functionId, IReadOnlyList<string> known)
        : base($"No [Splitable] function '{functionId}' is registered. Known functions: {(known.Count == 0 ? "(none)" : string.Join(", ", known))}.")
        => FunctionId = functionId;

    public UnknownFunctionException()
        => FunctionId = string.Empty;

    public UnknownFunctionException(string message)
        : base(message)
        => FunctionId = string.Empty;

    public UnknownFunctionException(string message, Exception innerException)
        : base(message, innerException)
        => FunctionId = string.Empty;

    public string FunctionId { get; }
}
