using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Serverless.Api.Catalog;
using Serverless.Api.Contracts;
using Serverless.Api.Execution;
using Serverless.Api.Http;
using Serverless.Api.Visuals;

namespace Serverless.Api.Handlers;

/// <summary>
/// <c>/api/execution/{id}</c> and <c>/api/executions</c>: an execution's status (JSON or its plan as Mermaid), its
/// management the Durable Functions way (terminate, suspend, resume, purge) and the list of executions.
/// </summary>
public sealed class ExecutionHandler(IManifestCatalog catalog, IExecutionService executions, ILogger<ExecutionHandler> logger)
{
    /// <summary>The header carrying the list's continuation token, both ways.</summary>
    public const string ContinuationHeader = "x-ms-continuation-token";

    /// <summary>The largest page of <c>GET /api/executions</c>.</summary>
    public const int MaxTop = 1000;

    /// <summary>The page size of <c>GET /api/executions</c> without <c>top</c>.</summary>
    public const int DefaultTop = 100;

    /// <summary>
    /// <c>GET /api/execution/{id}</c> (JSON; <c>?format=mermaid</c> the plan as a Mermaid graph, <c>svg</c> the DAG and
    /// <c>timeline</c> the units' timeline as SVG, coloured by region): 202 with
    /// <c>Location</c> and <c>Retry-After</c> while it is pending, running or suspended, 200 once it has ended.
    /// </summary>
    public Task<IResult> GetAsync(HttpContext context, string? id) => ProblemGuard.RunAsync(context, logger, async ct =>
    {
        RequireExecutionId(id);
        var formats = context.Request.Query["format"];
        var format = formats.Count == 0 ? "json" : formats.ToString();
        if (format is not ("json" or "mermaid" or "svg" or "timeline"))
        {
            throw ApiProblemException.BadRequest($"Query parameter 'format' must be 'json', 'mermaid', 'svg' (the DAG) or 'timeline'; got {Identifiers.Quote(format)}.", "format");
        }

        var state = await executions.GetAsync(id!, ct).ConfigureAwait(false)
            ?? throw ApiProblemException.NotFound($"No execution has id {Identifiers.Quote(id)}. Use the id returned by POST /api/execution/submit.", "id");
        if (format != "json")
        {
            if (state.Plan is null)
            {
                throw new ApiProblemException(409, "Conflict", $"Execution {Identifiers.Quote(id)} has no plan yet; poll again.", "id");
            }

            var graph = catalog.Find(state.Function);
            return format switch
            {
                "mermaid" => Results.Text(MermaidGraph.Render(state.Plan, graph), "text/vnd.mermaid; charset=utf-8"),
                "svg" => Results.Text(DagSvg.Render(ExecutionPictures.Of(state.Plan, graph, state.Units)), "image/svg+xml; charset=utf-8"),
                _ => Results.Text(GanttSvg.Render(ExecutionPictures.Of(state.Plan, graph, state.Units)), "image/svg+xml; charset=utf-8"),
            };
        }

        if (RuntimeStatuses.IsEnded(state.RuntimeStatus))
        {
            return Results.Json(state, ApiJsonContext.Default.ExecutionState);
        }

        ExecutionUris.SetPolling(context, state.Id);
        return Results.Json(state, ApiJsonContext.Default.ExecutionState, statusCode: StatusCodes.Status202Accepted);
    });

    /// <summary><c>POST /api/execution/{id}/terminate?reason=</c>: 202, 404 unknown, 410 when it already ended; its state is deleted.</summary>
    public Task<IResult> TerminateAsync(HttpContext context, string? id) => ProblemGuard.RunAsync(context, logger, async ct =>
    {
        var reason = await RequireRunningAsync(context, id, "terminate", ct).ConfigureAwait(false);
        var state = await executions.TerminateAsync(id!, reason, ct).ConfigureAwait(false) ?? throw Unknown(id);
        ApiLog.Managed(logger, id!, "terminated", state.RuntimeStatus);
        return Accepted(context, state);
    });

    /// <summary><c>POST /api/execution/{id}/suspend?reason=</c>: 202, 404 unknown, 410 when it already ended.</summary>
    public Task<IResult> SuspendAsync(HttpContext context, string? id) => ProblemGuard.RunAsync(context, logger, async ct =>
    {
        var reason = await RequireRunningAsync(context, id, "suspend", ct).ConfigureAwait(false);
        var state = await executions.SuspendAsync(id!, reason, ct).ConfigureAwait(false) ?? throw Unknown(id);
        ApiLog.Managed(logger, id!, "suspended", state.RuntimeStatus);
        return Accepted(context, state);
    });

    /// <summary><c>POST /api/execution/{id}/resume?reason=</c>: 202, 404 unknown, 410 when it already ended.</summary>
    public Task<IResult> ResumeAsync(HttpContext context, string? id) => ProblemGuard.RunAsync(context, logger, async ct =>
    {
        var reason = await RequireRunningAsync(context, id, "resume", ct).ConfigureAwait(false);
        var state = await executions.ResumeAsync(id!, reason, ct).ConfigureAwait(false) ?? throw Unknown(id);
        ApiLog.Managed(logger, id!, "resumed", state.RuntimeStatus);
        return Accepted(context, state);
    });

    /// <summary><c>DELETE /api/execution/{id}</c>: purges an ended execution's history and state (200), 404 unknown, 409 while it runs.</summary>
    public Task<IResult> PurgeAsync(HttpContext context, string? id) => ProblemGuard.RunAsync(context, logger, async ct =>
    {
        RequireExecutionId(id);
        var state = await executions.GetAsync(id!, ct).ConfigureAwait(false) ?? throw Unknown(id);
        if (!RuntimeStatuses.IsEnded(state.RuntimeStatus))
        {
            throw new ApiProblemException(409, "Conflict", $"Execution id {Identifiers.Quote(id)} is {state.RuntimeStatus}: only an ended execution can be purged. Terminate it first (POST /api/execution/{id}/terminate).", "id");
        }

        if (!await executions.PurgeAsync(id!, ct).ConfigureAwait(false))
        {
            throw Unknown(id);
        }

        ApiLog.Managed(logger, id!, "purged", state.RuntimeStatus);
        return Results.Json(new PurgeResponse(1), ApiJsonContext.Default.PurgeResponse);
    });

    /// <summary>
    /// <c>GET /api/executions?runtimeStatus=&amp;function=&amp;createdFrom=&amp;createdTo=&amp;top=</c>: one page (a JSON
    /// array); when more follow, the <c>x-ms-continuation-token</c> header to send with the next request.
    /// </summary>
    public Task<IResult> ListAsync(HttpContext context) => ProblemGuard.RunAsync(context, logger, async ct =>
    {
        var query = ReadQuery(context.Request);
        if (query.Function is { } function && catalog.Find(function) is null)
        {
            throw ApiProblemException.NotFound($"No function {Identifiers.Quote(function)} is registered; GET /api/functions lists them.", "function");
        }

        ExecutionPage page;
        try
        {
            page = await executions.ListAsync(query, ct).ConfigureAwait(false);
        }
        catch (ArgumentException ex)
        {
            throw ApiProblemException.BadRequest($"The list request cannot be served: {ex.Message}. Send the {ContinuationHeader} header exactly as the previous page returned it, or none for the first page.", ContinuationHeader);
        }

        if (page.ContinuationToken is { } token)
        {
            context.Response.Headers[ContinuationHeader] = token;
        }

        IReadOnlyList<ExecutionSummary> items = [.. page.Executions.Select(s => new ExecutionSummary(s.Id, s.Function, s.Status, s.RuntimeStatus, s.CreatedTime, s.LastUpdatedTime, ExecutionUris.Status(context.Request, s.Id)))];
        return Results.Json(items, ApiJsonContext.Default.IReadOnlyListExecutionSummary);
    });

    private static ExecutionQuery ReadQuery(HttpRequest request)
    {
        var q = request.Query;
        foreach (var key in q.Keys)
        {
            if (key is not ("runtimeStatus" or "function" or "createdFrom" or "createdTo" or "top" or "code"))
            {
                throw ApiProblemException.BadRequest($"Unknown query parameter {Identifiers.Quote(key)}; use runtimeStatus, function, createdFrom, createdTo or top.", key);
            }
        }

        var statuses = q["runtimeStatus"].SelectMany(v => (v ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        if (q.ContainsKey("runtimeStatus") && statuses.Count == 0)
        {
            throw ApiProblemException.BadRequest($"runtimeStatus is empty; use one or more (comma-separated) of {string.Join(", ", RuntimeStatuses.All)}, or leave it out for all.", "runtimeStatus");
        }

        foreach (var s in statuses)
        {
            if (!RuntimeStatuses.TryParse(s, out _))
            {
                throw ApiProblemException.BadRequest($"runtimeStatus {Identifiers.Quote(s)} is not a runtime status; use one or more (comma-separated) of {string.Join(", ", RuntimeStatuses.All)}.", "runtimeStatus");
            }
        }

        string? function = null;
        if (q.TryGetValue("function", out var f))
        {
            function = f.ToString();
            if (!Identifiers.IsFunctionId(function))
            {
                throw ApiProblemException.BadRequest($"function {Identifiers.Quote(function)} is not a function id (Namespace.Type.Method).", "function");
            }
        }

        var top = DefaultTop;
        if (q.TryGetValue("top", out var t) && (!int.TryParse(t.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out top) || top < 1 || top > MaxTop))
        {
            throw ApiProblemException.BadRequest($"top must be a whole number from 1 to {MaxTop}; got {Identifiers.Quote(t.ToString())}.", "top");
        }

        var from = Time(q, "createdFrom");
        var to = Time(q, "createdTo");
        if (from is not null && to is not null && from > to)
        {
            throw ApiProblemException.BadRequest("createdFrom is after createdTo; swap them.", "createdFrom");
        }

        var token = request.Headers[ContinuationHeader].ToString();
        return new ExecutionQuery([.. statuses.Select(s => RuntimeStatuses.All.First(n => n.Equals(s, StringComparison.OrdinalIgnoreCase)))], function, from, to, top, token.Length == 0 ? null : token);
    }

    private static DateTimeOffset? Time(IQueryCollection q, string name)
    {
        if (!q.TryGetValue(name, out var value))
        {
            return null;
        }

        return DateTimeOffset.TryParse(value.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : throw ApiProblemException.BadRequest($"{name} must be an ISO 8601 time such as 2026-01-31T12:00:00Z; got {Identifiers.Quote(value.ToString())}.", name);
    }

    /// <summary>The reason of a management request, after checking that the execution exists (404) and has not ended (410).</summary>
    private async Task<string?> RequireRunningAsync(HttpContext context, string? id, string action, CancellationToken ct)
    {
        RequireExecutionId(id);
        var reason = context.Request.Query["reason"].ToString();
        if (reason.Length > 1024)
        {
            throw ApiProblemException.BadRequest("reason is longer than 1024 characters; shorten it.", "reason");
        }

        var state = await executions.GetAsync(id!, ct).ConfigureAwait(false) ?? throw Unknown(id);
        if (RuntimeStatuses.IsEnded(state.RuntimeStatus))
        {
            throw new ApiProblemException(410, "Gone", $"Execution id {Identifiers.Quote(id)} already ended ({state.RuntimeStatus}); there is nothing to {action}.", "id");
        }

        return reason.Length == 0 ? null : reason;
    }

    private static IResult Accepted(HttpContext context, ExecutionState state)
    {
        ExecutionUris.SetPolling(context, state.Id);
        return Results.Json(state, ApiJsonContext.Default.ExecutionState, statusCode: StatusCodes.Status202Accepted);
    }

    private static ApiProblemException Unknown(string? id)
        => ApiProblemException.NotFound($"No execution has id {Identifiers.Quote(id)}. Use the id returned by POST /api/execution/submit.", "id");

    private static void RequireExecutionId(string? id)
    {
        if (!Identifiers.IsExecutionId(id))
        {
            throw ApiProblemException.BadRequest($"Execution id {Identifiers.Quote(id)} is not valid: 1–64 letters, digits, '-' or '_'.", "id");
        }
    }
}
