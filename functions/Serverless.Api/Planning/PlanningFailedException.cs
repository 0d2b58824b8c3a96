namespace Serverless.Api.Planning;

/// <summary>No plan satisfies the constraints; the message names the constraint that cannot be met.</summary>
public sealed class PlanningFailedException : Exception
{
    public PlanningFailedException(string message)
        : base(message)
    {
    }

    public PlanningFailedException()
    {
    }

    public PlanningFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
