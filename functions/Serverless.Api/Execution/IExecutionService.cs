namespace Serverless.Api.Execution;

/// <summary>
/// The port through which the API starts, inspects, lists and manages executions. The embedded engine and the Durable
/// Functions client implement it (both over <see cref="DurableTaskExecutionService"/>); handlers never talk to an
/// engine directly.
/// </summary>
public interface IExecutionService
{
    /// <summary>
    /// Stores the arguments and starts the execution; returns its id. With <see cref="ExecutionSubmission.Id"/> set and
    /// an execution of that id already there: its id when <see cref="ExecutionSubmission.RequestHash"/> matches,
    /// else <see cref="ExecutionConflictException"/>.
    /// </summary>
    Task<string> SubmitAsync(ExecutionSubmission submission, CancellationToken cancellationToken = default);

    /// <summary>The execution's status, plan, per-unit timeline, measured cost and result or error; null when unknown.</summary>
    Task<ExecutionState?> GetAsync(string executionId, CancellationToken cancellationToken = default);

    /// <summary>Terminates a running execution and deletes its state. Returns the state after the request, or null when the id is unknown.</summary>
    Task<ExecutionState?> TerminateAsync(string executionId, string? reason, CancellationToken cancellationToken = default);

    /// <summary>Suspends a running execution (units already dispatched finish; nothing new starts). Null when unknown.</summary>
    Task<ExecutionState?> SuspendAsync(string executionId, string? reason, CancellationToken cancellationToken = default);

    /// <summary>Resumes a suspended execution. Null when unknown.</summary>
    Task<ExecutionState?> ResumeAsync(string executionId, string? reason, CancellationToken cancellationToken = default);

    /// <summary>Deletes an ended execution's history and state; false when the id is unknown.</summary>
    Task<bool> PurgeAsync(string executionId, CancellationToken cancellationToken = default);

    /// <summary>One page of executions matching the query, newest backends first as they list them.</summary>
    Task<ExecutionPage> ListAsync(ExecutionQuery query, CancellationToken cancellationToken = default);
}
