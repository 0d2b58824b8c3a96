namespace Serverless.Api.Execution;

/// <summary>
/// A filter of <c>GET /api/executions</c>: runtime statuses (<see cref="RuntimeStatuses"/>; empty: any), the function
/// id, the creation-time window, the page size and the continuation token of the previous page.
/// </summary>
public sealed record ExecutionQuery(
    IReadOnlyList<string> RuntimeStatuses,
    string? Function,
    DateTimeOffset? CreatedFrom,
    DateTimeOffset? CreatedTo,
    int Top,
    string? ContinuationToken);
