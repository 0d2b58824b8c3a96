using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serverless.Api.Contracts;
using Serverless.Api.Http;
using Serverless.Api.Requests;
using Serverless.Orchestrations.Ports;
using Serverless.Contracts.Manifest;

namespace Serverless.Api.Handlers;

/// <summary>
/// <c>/api/annotation</c>: a function's compile-time annotations, run-time overrides and effective values, and
/// conditional updates of the overrides.
/// </summary>
public sealed class AnnotationHandler(
    RegisteredFunctions functions,
    ConfiguredRegions regions,
    IAnnotationStore annotations,
    IOptions<ServerlessApiOptions> options,
    ILogger<AnnotationHandler> logger)
{
    private readonly ServerlessApiOptions _options = (options ?? throw new ArgumentNullException(nameof(options))).Value;

    /// <summary><c>POST /api/annotation/update</c>: applies run-time overrides, conditional on <c>If-Match</c>.</summary>
    public Task<IResult> UpdateAsync(HttpContext context) => ProblemGuard.RunAsync(context, logger, async ct =>
    {
        var request = await JsonRequest.ReadAsync(context.Request, _options.SmallBodyLimitBytes, RequestJsonContext.Default.AnnotationUpdateRequest, ct).ConfigureAwait(false);
        var graph = functions.Require(request.Function, "function");
        var geo = request.GeoPreferencePatch();
        var resources = request.ResourceConstraintPatch();
        var patch = new AnnotationPatch(
            request.SplitablePatch(),
            geo.IsSet ? PatchField<GeoPreferenceOverride?>.Set(geo.Value is { } g ? GeoPreference(g) : null) : PatchField<GeoPreferenceOverride?>.Unchanged,
            resources.IsSet ? PatchField<ResourceConstraintOverride?>.Set(resources.Value is { } r ? ResourceConstraint(r) : null) : PatchField<ResourceConstraintOverride?>.Unchanged);
        if (!patch.Splitable.IsSet && !patch.GeoPreference.IsSet && !patch.ResourceConstraint.IsSet)
        {
            throw ApiProblemException.BadRequest("Nothing to update: send at least one of 'splitable', 'geoPreference', 'resourceConstraint' (null removes an override).");
        }

        var ifMatch = IfMatch(context.Request);
        AnnotationEntry entry;
        try
        {
            entry = await annotations.UpdateAsync(graph.Function, patch, ifMatch, ct).ConfigureAwait(false);
        }
        catch (AnnotationConflictException ex)
        {
            throw new ApiProblemException(412, "Precondition failed", ex.Message, "If-Match");
        }

        ApiLog.AnnotationsUpdated(logger, graph.Function, entry.ETag);
        return Result(context, graph, entry);
    });

    /// <summary><c>GET /api/annotation/{function}</c>: compile-time, overrides, effective, and the ETag.</summary>
    public Task<IResult> GetAsync(HttpContext context, string? function) => ProblemGuard.RunAsync(context, logger, async ct =>
    {
        var graph = functions.Require(function, "function");
        var entry = await annotations.GetAsync(graph.Function, ct).ConfigureAwait(false);
        return Result(context, graph, entry);
    });

    private static IResult Result(HttpContext context, SplitGraph graph, AnnotationEntry? entry)
    {
        var etag = entry?.ETag ?? AnnotationETags.None;
        var overrides = entry?.Overrides ?? AnnotationOverrides.Empty;
        context.Response.Headers.ETag = etag;
        return Results.Json(new AnnotationView(graph.Function, etag, graph.Annotations, overrides, RegisteredFunctions.Effective(graph, overrides)), ApiJsonContext.Default.AnnotationView);
    }

    private static string? IfMatch(HttpRequest request)
    {
        var values = request.Headers.IfMatch;
        if (values.Count == 0)
        {
            return null;
        }

        var value = values.ToString().Trim();
        if (value.Length == 0 || value.Length > 128 || value.Contains(',', StringComparison.Ordinal))
        {
            throw ApiProblemException.BadRequest("Header 'If-Match' must hold one ETag as returned by GET /api/annotation/{function}.", "If-Match");
        }

        return value == "*" ? null : value;
    }

    private static ResourceConstraintOverride ResourceConstraint(ResourceConstraintRequest value)
    {
        InRange(value.MemoryMb, "resourceConstraint.memoryMb", ResourceConstraintRequest.MinMemoryMb, ResourceConstraintRequest.MaxMemoryMb);
        InRange(value.TimeoutSeconds, "resourceConstraint.timeoutSeconds", ResourceConstraintRequest.MinTimeoutSeconds, ResourceConstraintRequest.MaxTimeoutSeconds);
        return new ResourceConstraintOverride(value.MemoryMb, value.TimeoutSeconds);
    }

    private static void InRange(int value, string field, int min, int max)
    {
        if (value < min || value > max)
        {
            throw ApiProblemException.Invalid(string.Create(CultureInfo.InvariantCulture, $"Member '{field}' must be a whole number from {min} to {max}; got '{value}'."), field);
        }
    }

    private GeoPreferenceOverride GeoPreference(GeoPreferenceRequest value)
        => new(regions.RequireList(value.Regions, "geoPreference.regions"), value.Strict);
}
