namespace Serverless.Api.Execution;

/// <summary>The short status names of an execution's <c>status</c> (kept for existing clients; <c>runtimeStatus</c> carries the Durable names).</summary>
public static class ExecutionStatuses
{
    /// <summary>Accepted, not started yet.</summary>
    public const string Pending = "pending";

    /// <summary>Units are running.</summary>
    public const string Running = "running";

    /// <summary>Ended with a result.</summary>
    public const string Completed = "completed";

    /// <summary>Ended with an error.</summary>
    public const string Failed = "failed";

    /// <summary>Terminated (<c>POST /api/execution/{id}/terminate</c>); its runtime status is <c>Terminated</c>.</summary>
    public const string Canceled = "canceled";

    /// <summary>True when the execution can no longer change.</summary>
    public static bool IsFinal(string status) => status is Completed or Failed or Canceled;
}
