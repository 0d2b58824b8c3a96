using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Serverless.Api.Catalog;
using Serverless.Api.Contracts;
using Serverless.Api.Execution;
using Serverless.Api.Http;
using Serverless.Api.Visuals;

namespace Serverless.Api.Handlers;

/// <summary><c>/api/execution/{id}</c>: an execution's status (JSON or its plan as Mermaid) and its cancellation.</summary>
public sealed class ExecutionHandler
{
    private readonly IManifestCatalog _catalog;
    private readonly IExecutionService _executions;
    private readonly ILogger<ExecutionHandler> _logger;

    public ExecutionHandler(IManifestCatalog catalog, IExecutionService executions, ILogger<ExecutionHandler> logger)
    {
        _catalog = catalog;
        _executions = executions;
        _logger = logger;
    }

    /// <summary><c>GET /api/execution/{id}</c> (JSON, or <c>?format=mermaid</c> for the plan as a Mermaid graph).</summary>
    public Task<IResult> GetAsync(HttpContext context, string? id) => ProblemGuard.RunAsync(context, _logger, async ct =>
    {
        RequireExecutionId(id);
        var formats = context.Request.Query["format"];
        var format = formats.Count == 0 ? "json" : formats.ToString();
        if (format is not ("json" or "mermaid"))
        {
            throw ApiProblemException.BadRequest($"Query parameter 'format' must be 'json' or 'mermaid'; got {Identifiers.Quote(format)}.", "format");
        }

        var state = await _executions.GetAsync(id!, ct).ConfigureAwait(false)
            ?? throw ApiProblemException.NotFound($"No execution has id {Identifiers.Quote(id)}. Use the id returned by POST /api/execution/submit.", "id");
        if (format == "mermaid")
        {
            if (state.Plan is null)
            {
                throw new ApiProblemException(409, "Conflict", $"Execution {Identifiers.Quote(id)} has no plan yet; poll again.", "id");
            }

            return Results.Text(MermaidGraph.Render(state.Plan, _catalog.Find(state.Function)), "text/vnd.mermaid; charset=utf-8");
        }

        return Results.Json(state, ApiJsonContext.Default.ExecutionState);
    });

    /// <summary><c>DELETE /api/execution/{id}</c>: cancels a running execution (202), 409 when it already ended.</summary>
    public Task<IResult> CancelAsync(HttpContext context, string? id) => ProblemGuard.RunAsync(context, _logger, async ct =>
    {
        RequireExecutionId(id);
        var before = await _executions.GetAsync(id!, ct).ConfigureAwait(false)
            ?? throw ApiProblemException.NotFound($"No execution has id {Identifiers.Quote(id)}.", "id");
        if (ExecutionStatuses.IsFinal(before.Status))
        {
            throw new ApiProblemException(409, "Conflict", $"Execution {Identifiers.Quote(id)} already ended ({before.Status}); there is nothing to cancel.", "id");
        }

        var state = await _executions.CancelAsync(id!, ct).ConfigureAwait(false)
            ?? throw ApiProblemException.NotFound($"No execution has id {Identifiers.Quote(id)}.", "id");
        return Results.Json(state, ApiJsonContext.Default.ExecutionState, statusCode: StatusCodes.Status202Accepted);
    });

    private static void RequireExecutionId(string? id)
    {
        if (!Identifiers.IsExecutionId(id))
        {
            throw ApiProblemException.BadRequest($"Execution id {Identifiers.Quote(id)} is not valid: 1–64 letters, digits, '-' or '_'.", "id");
        }
    }
}
