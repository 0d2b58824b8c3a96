namespace Serverless.Api.Contracts;

/// <summary>One execution in <c>GET /api/executions</c>: id, function, status names and times.</summary>
public sealed record ExecutionSummary(
    string Id,
    string Function,
    string Status,
    string RuntimeStatus,
    DateTimeOffset? CreatedTime,
    DateTimeOffset? LastUpdatedTime,
    string StatusQueryGetUri);
