using Microsoft.DurableTask.Client;

namespace Serverless.Api.Execution;

/// <summary>The Durable runtime status names an execution reports in <c>runtimeStatus</c> and is filtered by.</summary>
public static class RuntimeStatuses
{
    public const string Pending = "Pending";
    public const string Running = "Running";
    public const string Completed = "Completed";
    public const string Failed = "Failed";
    public const string Terminated = "Terminated";
    public const string Suspended = "Suspended";

    /// <summary>Every name, in Durable's order.</summary>
    public static IReadOnlyList<string> All { get; } = [Pending, Running, Completed, Failed, Terminated, Suspended];

    /// <summary>True when the execution has ended and can no longer change (Completed, Failed, Terminated).</summary>
    public static bool IsEnded(string runtimeStatus) => runtimeStatus is Completed or Failed or Terminated;

    /// <summary>The name of an orchestration's runtime status (continued-as-new is still running).</summary>
    public static string From(OrchestrationRuntimeStatus status) => status switch
    {
        OrchestrationRuntimeStatus.Pending => Pending,
        OrchestrationRuntimeStatus.Completed => Completed,
        OrchestrationRuntimeStatus.Failed => Failed,
        OrchestrationRuntimeStatus.Terminated => Terminated,
        OrchestrationRuntimeStatus.Suspended => Suspended,
        _ => Running,
    };

    /// <summary>The orchestration status of a name (case-insensitive); false for an unknown name.</summary>
    public static bool TryParse(string name, out OrchestrationRuntimeStatus status)
    {
        status = name.ToUpperInvariant() switch
        {
            "PENDING" => OrchestrationRuntimeStatus.Pending,
            "RUNNING" => OrchestrationRuntimeStatus.Running,
            "COMPLETED" => OrchestrationRuntimeStatus.Completed,
            "FAILED" => OrchestrationRuntimeStatus.Failed,
            "TERMINATED" => OrchestrationRuntimeStatus.Terminated,
            "SUSPENDED" => OrchestrationRuntimeStatus.Suspended,
            _ => (OrchestrationRuntimeStatus)(-1),
        };
        return (int)status >= 0;
    }

    /// <summary>The runtime status an API status name stands for (for services that only know the API's names).</summary>
    public static string FromStatus(string status) => status switch
    {
        ExecutionStatuses.Pending => Pending,
        ExecutionStatuses.Completed => Completed,
        ExecutionStatuses.Failed => Failed,
        ExecutionStatuses.Canceled => Terminated,
        _ => Running,
    };
}
