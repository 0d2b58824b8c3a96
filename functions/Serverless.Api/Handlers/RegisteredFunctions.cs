using Microsoft.Extensions.Logging;
using Serverless.Api.Catalog;
using Serverless.Api.Http;
using Serverless.Api.Planning;
using Serverless.Orchestrations.Ports;
using Serverless.Orchestrations.Profiles;
using Serverless.Contracts.Manifest;

namespace Serverless.Api.Handlers;

/// <summary>
/// The steps several handlers share: find a registered function by id, overlay its run-time overrides, and plan it
/// with the current environment and measured profiles (when the host registers them). Each failure is a problem
/// naming the field.
/// </summary>
public sealed class RegisteredFunctions
{
    private readonly IManifestCatalog _catalog;
    private readonly IAnnotationStore _annotations;
    private readonly IPlanPreviewer _planner;
    private readonly IMeasuredProfiles? _profiles;
    private readonly ILogger<RegisteredFunctions> _logger;

    public RegisteredFunctions(
        IManifestCatalog catalog,
        IAnnotationStore annotations,
        IPlanPreviewer planner,
        ILogger<RegisteredFunctions> logger,
        IMeasuredProfiles? profiles = null)
    {
        _catalog = catalog;
        _annotations = annotations;
        _planner = planner;
        _profiles = profiles;
        _logger = logger;
    }

    public IManifestCatalog Catalog => _catalog;

    /// <summary>The annotations a call runs under: the compile-time ones overlaid by <paramref name="overrides"/>.</summary>

    public static EffectiveAnnotations Effective(SplitGraph graph, AnnotationOverrides overrides) => new(
        (overrides.Splitable ?? true) && graph.IsSplittable,
        overrides.GeoPreference is { } geo ? new GeoPreferenceInfo(geo.Regions, geo.Strict) : graph.Annotations.GeoPreference,
        overrides.ResourceConstraint is { } rc ? new ResourceConstraintInfo(rc.MemoryMb, rc.TimeoutSeconds) : graph.Annotations.ResourceConstraint);

    /// <summary>The registered function <paramref name="function"/>; 400 when it is not a function id, 404 when unknown.</summary>
    public SplitGraph Require(string? function, string field)
    {
        if (!Identifiers.IsFunctionId(function))
        {
            throw ApiProblemException.BadRequest(
                $"'{field}' {Identifiers.Quote(function)} is not a function id: expected Namespace.Type.Method (letters, digits, '_' and '.', up to {Identifiers.MaxFunctionIdLength}).",
                field);
        }

        return _catalog.Find(function!)
            ?? throw ApiProblemException.NotFound($"No registered function is named {Identifiers.Quote(function)}. GET /api/functions lists them.", field);
    }

    /// <summary>The function's effective annotations with its stored overrides.</summary>
    public async Task<EffectiveAnnotations> EffectiveAsync(SplitGraph graph, CancellationToken ct)
    {
        var entry = await _annotations.GetAsync(graph.Function, ct).ConfigureAwait(false);
        return Effective(graph, entry?.Overrides ?? AnnotationOverrides.Empty);
    }

    /// <summary>The plan the function would get now; 422 naming the constraint when none is feasible.</summary>
    public async Task<PlanPreview> PlanAsync(SplitGraph graph, EffectiveAnnotations effective, CancellationToken ct) =>
        PlanWith(graph, effective, await MeasuredAsync(graph, ct).ConfigureAwait(false));

    /// <summary>The plan the function would get with <paramref name="measured"/>; 422 naming the constraint when none is feasible.</summary>
    public PlanPreview PlanWith(SplitGraph graph, EffectiveAnnotations effective, FunctionProfile? measured)
    {
        try
        {
            return _planner.Plan(graph, effective, measured);
        }
        catch (PlanningFailedException ex)
        {
            throw new ApiProblemException(422, "No feasible plan", $"No plan satisfies the current annotations of function {graph.Function}: {ex.Message}. Relax them with POST /api/annotation/update.", "function");
        }
    }

    /// <summary>The function's measured profile (null when the host keeps none, none is recorded, or it cannot be read).</summary>
    public async Task<FunctionProfile?> MeasuredAsync(SplitGraph graph, CancellationToken ct)
    {
        FunctionProfile? measured = null;
        if (_profiles is not null)
        {
            try
            {
                measured = await _profiles.FindAsync(graph.Function, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Measurements refine the plan; without them the static estimates still give a valid one.
                ApiLog.ProfilesUnavailable(_logger, ex, graph.Function);
            }
        }

        return measured;
    }
}
