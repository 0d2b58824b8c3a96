namespace Serverless.Orchestrations.Runtime;

/// <summary>A division of segments into units that cannot run: a segment missing or repeated, or units depending on each other in a cycle.</summary>
public sealed class SplitPlanException : Exception
{
    public SplitPlanException(string message)
        : base(message)
    {
    }

    public SplitPlanException()
    {
    }

    public SplitPlanException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
