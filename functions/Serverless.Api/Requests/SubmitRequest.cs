using System.Text.Json;
using Serverless.Api.Planning;

namespace Serverless.Api.Requests;

/// <summary>
/// Body of <c>POST /api/execution/submit</c>: the function, its arguments as an object by parameter name (checked
/// against the function's parameters, not by the serializer), optionally the plan to run instead of planning, and
/// optionally the execution's id (which makes the submit idempotent).
/// </summary>
internal sealed record SubmitRequest
{
    public string? Id { get; init; }

    public required string Function { get; init; }

    public required JsonElement Arguments { get; init; }

    public PlanPreview? Plan { get; init; }
}
