namespace Serverless.Planning;

/// <summary>
/// A request the planner cannot plan: invalid (<see cref="Field"/> names the member, e.g. <c>regions[1].speed</c>)
/// or unsatisfiable (the message names the constraint that cannot be met).
/// </summary>
public sealed class PlanningException : Exception
{
    public PlanningException(string message, string? field)
        : base(message)
    {
        Field = field;
    }

    public PlanningException(string message)
        : base(message)
    {
    }

    public PlanningException()
    {
    }

    public PlanningException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The request member that is invalid, or null when the request is valid but cannot be satisfied.</summary>
    public string? Field { get; }
}
