namespace Serverless.Hosting.Interception;

/// <summary>An intercepted call could not be planned: no placement satisfies the function's effective annotations.</summary>
public sealed class SplitCallPlanningException : InvalidOperationException
{
    public SplitCallPlanningException(string functionId, string reason, Exception? innerException = null)
        : base($"No plan satisfies the current annotations of {functionId}: {reason}. Relax its overrides (IAnnotationStore, or POST /api/annotation/update) or its attributes.", innerException)
        => FunctionId = functionId;

    public SplitCallPlanningException()
        : base("No plan satisfies the function's current annotations.")
        => FunctionId = string.Empty;

    public SplitCallPlanningException(string message, Exception innerException)
        : base(message, innerException)
        => FunctionId = string.Empty;

    /// <summary>The function that could not be planned.</summary>
    public string FunctionId { get; }
}
