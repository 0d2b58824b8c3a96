using System.Diagnostics;
using System.Security.Cryptography;
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
public sealed class SubmitHandler(
    RegisteredFunctions functions,
    ConfiguredRegions regions,
    IExecutionService executions,
    IOptions<ServerlessApiOptions> options,
    ILogger<SubmitHandler> logger)
{
    private readonly ServerlessApiOptions _options = (options ?? throw new ArgumentNullException(nameof(options))).Value;

    /// <summary>
    /// <c>POST /api/execution/submit</c>: 202 with <c>Location</c>, <c>Retry-After</c> and the management URIs. With
    /// <c>"id"</c>, the same id and body give the existing execution again and another body is 409.
    /// </summary>
    public Task<IResult> SubmitAsync(HttpContext context) => ProblemGuard.RunAsync(context, logger, async ct =>
    {
        var request = await JsonRequest.ReadAsync(context.Request, _options.SubmitBodyLimitBytes, RequestJsonContext.Default.SubmitRequest, ct).ConfigureAwait(false);
        if (request.Id is { } requested && !Identifiers.IsExecutionId(requested))
        {
            throw ApiProblemException.BadRequest($"Execution id {Identifiers.Quote(requested)} is not valid: 1–64 letters, digits, '-' or '_'.", "id");
        }

        var graph = functions.Require(request.Function, "function");
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
        var effective = await functions.EffectiveAsync(graph, ct).ConfigureAwait(false);

        // The plan span covers planning and starting the execution: the engine's plan carries its trace context, so
        // the auction, dispatch, unit and completion spans of every region join this one trace.
        using var span = SplitterTelemetry.StartPlan(graph.Function);
        var given = request.Plan is not null;
        PlanPreview plan;
        Serverless.Orchestrations.Profiles.FunctionProfile? measured;
        try
        {
            measured = await functions.MeasuredAsync(graph, ct).ConfigureAwait(false);
            plan = request.Plan is { } p ? GivenPlan.Check(p, graph, effective, regions) : functions.PlanWith(graph, effective, measured);
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
            var submission = new ExecutionSubmission(graph.Function, arguments.Clone(), plan, effective)
            {
                Id = request.Id,
                RequestHash = request.Id is null ? null : Digest(request),
                MeasuredWorkMs = measured?.SegmentWorkMs.Where(m => m.Value.Count > 0 && double.IsFinite(m.Value.Mean) && m.Value.Mean >= 0).ToDictionary(m => m.Key, m => m.Value.Mean),
            };
            id = await executions.SubmitAsync(submission, ct).ConfigureAwait(false);
        }
        catch (ExecutionConflictException ex)
        {
            span?.SetStatus(ActivityStatusCode.Error, ex.Message);
            throw new ApiProblemException(409, "Conflict", ex.Message, "id");
        }
        catch (PlanningFailedException ex)
        {
            span?.SetStatus(ActivityStatusCode.Error, ex.Message);
            throw ApiProblemException.Invalid($"The engine cannot run this plan: {ex.Message}", "plan");
        }

        span?.SetTag("splitter.execution", id);

        ApiLog.Submitted(logger, graph.Function, id);
        ExecutionUris.SetPolling(context, id);
        return Results.Json(ExecutionUris.Payload(context.Request, id), ApiJsonContext.Default.SubmitResponse, statusCode: StatusCodes.Status202Accepted);
    });

    /// <summary>The request as read (the function, arguments, plan and id; formatting aside), hashed.</summary>
    private static string Digest(SubmitRequest request)
        => Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request, RequestJsonContext.Default.SubmitRequest)));

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
