using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serverless.Api.Contracts;
using Serverless.Api.Execution;
using Serverless.Api.Http;
using Serverless.Api.Planning;
using Serverless.Api.Requests;
using Serverless.Orchestrations.Observability;
using Serverless.Contracts.Manifest;

namespace Serverless.Api.Handlers;

/// <summary>
/// <c>/api/execution/submit</c>: checks the arguments against the function's parameters, plans (unless a plan is
/// given, which is checked against the function and its annotations) and starts an execution.
/// </summary>
public sealed class SubmitHandler
{
    private readonly RegisteredFunctions _functions;
    private readonly ConfiguredRegions _regions;
    private readonly IExecutionService _executions;
    private readonly ServerlessApiOptions _options;
    private readonly ILogger<SubmitHandler> _logger;

    public SubmitHandler(
        RegisteredFunctions functions,
        ConfiguredRegions regions,
        IExecutionService executions,
        IOptions<ServerlessApiOptions> options,
        ILogger<SubmitHandler> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _functions = functions;
        _regions = regions;
        _executions = executions;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary><c>POST /api/execution/submit</c>: 202 with the status URI in the body and the <c>Location</c> header.</summary>
    public Task<IResult> SubmitAsync(HttpContext context) => ProblemGuard.RunAsync(context, _logger, async ct =>
    {
        var request = await JsonRequest.ReadAsync(context.Request, _options.SubmitBodyLimitBytes, RequestJsonContext.Default.SubmitRequest, ct).ConfigureAwait(false);
        var graph = _functions.Require(request.Function, "function");
        var arguments = request.Arguments;
        if (arguments.ValueKind != JsonValueKind.Object)
        {
            throw ApiProblemException.BadRequest($"Member 'arguments' must be an object, not {JsonBody.Describe(arguments.ValueKind)}.", "arguments");
        }

        if (Encoding.UTF8.GetByteCount(arguments.GetRawText()) > _options.ArgumentsLimitBytes)
        {
            throw new ApiProblemException(413, "Payload too large", $"'arguments' exceeds {_options.ArgumentsLimitBytes} bytes of JSON. Pass large data by reference (a URL or blob name) instead.", "arguments");
        }

        ValidateArguments(graph, arguments);
        var effective = await _functions.EffectiveAsync(graph, ct).ConfigureAwait(false);

        // The plan span covers planning and starting the execution: the engine's plan carries its trace context, so
        // the auction, dispatch, unit and completion spans of every region join this one trace.
        using var span = SplitterTelemetry.StartPlan(graph.Function);
        var given = request.Plan is not null;
        PlanPreview plan;
        try
        {
            plan = request.Plan is { } p ? GivenPlan.Check(p, graph, effective, _regions) : await _functions.PlanAsync(graph, effective, ct).ConfigureAwait(false);
        }
        catch (ApiProblemException ex)
        {
            span?.SetStatus(ActivityStatusCode.Error, ex.Message);
            throw;
        }

        span?.SetTag("splitter.algorithm", plan.Algorithm).SetTag("splitter.units", plan.Units.Count).SetTag("splitter.plan_given", given);

        string id;
        try
        {
            id = await _executions.SubmitAsync(new ExecutionSubmission(graph.Function, arguments.Clone(), plan, effective), ct).ConfigureAwait(false);
        }
        catch (PlanningFailedException ex)
        {
            span?.SetStatus(ActivityStatusCode.Error, ex.Message);
            throw ApiProblemException.Invalid($"The engine cannot run this plan: {ex.Message}", "plan");
        }

        span?.SetTag("splitter.execution", id);

        ApiLog.Submitted(_logger, graph.Function, id);
        var uri = StatusUri(context.Request, id);
        context.Response.Headers.Location = uri;
        return Results.Json(new SubmitResponse(id, uri), ApiJsonContext.Default.SubmitResponse, statusCode: StatusCodes.Status202Accepted);
    });

    private static string StatusUri(HttpRequest request, string id)
    {
        var path = request.Path.Value ?? string.Empty;
        var at = path.LastIndexOf("/execution/submit", StringComparison.OrdinalIgnoreCase);
        var prefix = at >= 0 ? path[..at] : "/api";
        return $"{request.Scheme}://{request.Host}{request.PathBase}{prefix}/execution/{Uri.EscapeDataString(id)}";
    }

    private static void ValidateArguments(SplitGraph graph, JsonElement arguments)
    {
        // Duplicates were rejected while reading; the members must match the function's parameters one to one.
        var names = graph.Parameters.Select(p => p.Name).ToList();
        var given = arguments.EnumerateObject().Select(p => p.Name).ToList();
        foreach (var name in given.Where(n => !names.Contains(n)))
        {
            throw ApiProblemException.Invalid(
                $"{graph.Function} has no parameter {Identifiers.Quote(name)}; its parameters are: {(names.Count == 0 ? "(none)" : string.Join(", ", names))}.",
                "arguments." + name);
        }

        foreach (var name in names.Where(n => !given.Contains(n)))
        {
            throw ApiProblemException.Invalid($"Argument '{name}' of {graph.Function} is missing.", "arguments." + name);
        }

        foreach (var parameter in graph.Parameters)
        {
            var value = arguments.GetProperty(parameter.Name);
            if (!ArgumentTypes.Fits(parameter.Type, value, out var expected))
            {
                throw ApiProblemException.Invalid(
                    $"Argument '{parameter.Name}' must be {expected} (parameter type {parameter.Type}); got {Identifiers.Quote(value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText())}.",
                    "arguments." + parameter.Name);
            }
        }
    }
}
