namespace Serverless.Orchestrations.Runtime;

/// <summary>Arguments that do not bind to the function's parameters (missing, unknown, or of the wrong type).</summary>
public sealed class SplitArgumentException : Exception
{
    public SplitArgumentException(string message)
        : base(message)
    {
    }

    public SplitArgumentException()
    {
    }

    public SplitArgumentException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
