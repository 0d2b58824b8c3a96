namespace Serverless.Api.Execution;

/// <summary>
/// The port through which the API starts, inspects and cancels executions. The embedded engine and the Durable
/// Functions client implement it; handlers never talk to an engine directly.
/// </summary>
public interface IExecutionService
{
    /// <summary>Stores the arguments and starts the execution; returns its id.</summary>
    Task<string> SubmitAsync(ExecutionSubmission submission, CancellationToken cancellationToken = default);

    /// <summary>The execution's status, plan, per-unit timeline, measured cost and result or error; null when unknown.</summary>
    Task<ExecutionState?> GetAsync(string executionId, CancellationToken cancellationToken = default);

    /// <summary>Cancels a running execution. Returns the state after the request, or null when the id is unknown.</summary>
    Task<ExecutionState?> CancelAsync(string executionId, CancellationToken cancellationToken = default);
}
