namespace Serverless.Contracts.Plans;

/// <summary>The states of a unit in <see cref="ExecutionProgress"/>.</summary>
public static class UnitStates
{
    /// <summary>Its dependencies have not finished yet.</summary>
    public const string Pending = "pending";

    /// <summary>Ready, waiting for an instance to accept it or for its next attempt.</summary>
    public const string Waiting = "waiting";

    /// <summary>Dispatched to an instance.</summary>
    public const string Running = "running";

    /// <summary>Ran to the end.</summary>
    public const string Completed = "completed";

    /// <summary>Failed after its last attempt.</summary>
    public const string Failed = "failed";

    /// <summary>Not run: an earlier unit returned first.</summary>
    public const string Skipped = "skipped";
}
