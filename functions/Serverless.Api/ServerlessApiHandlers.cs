using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serverless.Api.Analysis;
using Serverless.Api.Catalog;
using Serverless.Api.Contracts;
using Serverless.Api.Execution;
using Serverless.Api.Http;
using Serverless.Api.Planning;
using Serverless.Api.Visuals;
using Serverless.Contracts.Manifest;
using Serverless.Contracts.Plans;
using Serverless.Orchestrations.Observability;
using Serverless.Orchestrations.Ports;
using Serverless.Orchestrations.Profiles;

namespace Serverless.Api;

/// <summary>
/// The HTTP handlers of the API, host-agnostic: each takes the <see cref="HttpContext"/> and returns an
/// <see cref="IResult"/>. <c>serverless serve</c> maps them with <see cref="ServerlessApiEndpoints.MapServerlessApi"/>,
/// the Functions app calls them from <c>[HttpTrigger]</c>s. A rejected request stores and starts nothing.
/// </summary>
public sealed partial class ServerlessApiHandlers
{
    private const int MaxRegions = 32;

    private readonly IManifestCatalog _catalog;
    private readonly IAnnotationStore _annotations;
    private readonly IPlanPreviewer _planner;
    private readonly IExecutionService _executions;
    private readonly IMeasuredProfiles? _profiles;
    private readonly IProvisioner _provisioner;
    private readonly ISourceAnalyzer _analyzer;
    private readonly ServerlessApiOptions _options;
    private readonly ILogger<ServerlessApiHandlers> _logger;

    public ServerlessApiHandlers(
        IManifestCatalog catalog,
        IAnnotationStore annotations,
        IPlanPreviewer planner,
        IExecutionService executions,
        IProvisioner provisioner,
        ISourceAnalyzer analyzer,
        IOptions<ServerlessApiOptions> options,
        ILogger<ServerlessApiHandlers> logger,
        IMeasuredProfiles? profiles = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _catalog = catalog;
        _annotations = annotations;
        _planner = planner;
        _executions = executions;
        _provisioner = provisioner;
        _analyzer = analyzer;
        _options = options.Value;
        _logger = logger;
        _profiles = profiles;
    }

    /// <summary><c>POST /api/annotation/update</c>: applies run-time overrides, conditional on <c>If-Match</c>.</summary>
    public Task<IResult> UpdateAnnotationAsync(HttpContext context) => GuardAsync(context, async ct =>
    {
        using var document = await JsonBody.ReadObjectAsync(context.Request, _options.SmallBodyLimitBytes, ct).ConfigureAwait(false);
        var root = document.RootElement;
        JsonFields.RejectUnknown(root, string.Empty, "function", "splitable", "geoPreference", "resourceConstraint");
        var graph = RequireFunction(JsonFields.RequireString(root, "function", "function"), "function");

        var splitable = PatchField<bool?>.Unchanged;
        if (JsonFields.TryGet(root, "splitable", out var s))
        {
            splitable = PatchField<bool?>.Set(s.ValueKind == JsonValueKind.Null ? null : JsonFields.AsBool(s, "splitable"));
        }

        var geo = PatchField<GeoPreferenceOverride?>.Unchanged;
        if (JsonFields.TryGet(root, "geoPreference", out var g))
        {
            geo = PatchField<GeoPreferenceOverride?>.Set(g.ValueKind == JsonValueKind.Null ? null : ParseGeoPreference(g));
        }

        var resources = PatchField<ResourceConstraintOverride?>.Unchanged;
        if (JsonFields.TryGet(root, "resourceConstraint", out var r))
        {
            resources = PatchField<ResourceConstraintOverride?>.Set(r.ValueKind == JsonValueKind.Null ? null : ParseResourceConstraint(r));
        }

        if (!splitable.IsSet && !geo.IsSet && !resources.IsSet)
        {
            throw ApiProblemException.BadRequest("Nothing to update: send at least one of 'splitable', 'geoPreference', 'resourceConstraint' (null removes an override).");
        }

        var ifMatch = IfMatch(context.Request);
        AnnotationEntry entry;
        try
        {
            entry = await _annotations.UpdateAsync(graph.Function, new AnnotationPatch(splitable, geo, resources), ifMatch, ct).ConfigureAwait(false);
        }
        catch (AnnotationConflictException ex)
        {
            throw new ApiProblemException(412, "Precondition failed", ex.Message, "If-Match");
        }

        Log.AnnotationsUpdated(_logger, graph.Function, entry.ETag);
        return AnnotationResult(context, graph, entry);
    });

    /// <summary><c>GET /api/annotation/{function}</c>: compile-time, overrides, effective, and the ETag.</summary>
    public Task<IResult> GetAnnotationAsync(HttpContext context, string? function) => GuardAsync(context, async ct =>
    {
        var graph = RequireFunction(function, "function");
        var entry = await _annotations.GetAsync(graph.Function, ct).ConfigureAwait(false);
        return AnnotationResult(context, graph, entry);
    });

    /// <summary><c>POST /api/split/analyze</c>: a registered function's manifest and plan, or the manifests of source.</summary>
    public Task<IResult> AnalyzeAsync(HttpContext context) => GuardAsync(context, async ct =>
    {
        using var document = await JsonBody.ReadObjectAsync(context.Request, _options.AnalyzeBodyLimitBytes, ct).ConfigureAwait(false);
        var root = document.RootElement;
        JsonFields.RejectUnknown(root, string.Empty, "function", "source", "method");
        var hasFunction = JsonFields.TryGet(root, "function", out var function);
        var hasSource = JsonFields.TryGet(root, "source", out var source);
        if (hasFunction == hasSource)
        {
            throw ApiProblemException.BadRequest("Send exactly one of 'function' (a registered function id) or 'source' (C# text).", hasFunction ? "source" : "function");
        }

        if (hasFunction)
        {
            if (JsonFields.TryGet(root, "method", out _))
            {
                throw ApiProblemException.BadRequest("'method' selects a method of 'source'; leave it out with 'function'.", "method");
            }

            var graph = RequireFunction(JsonFields.AsString(function, "function"), "function");
            var effective = await EffectiveAsync(graph, ct).ConfigureAwait(false);
            var plan = await PlanOrThrowAsync(graph, effective, ct).ConfigureAwait(false);
            return Results.Json(new AnalyzeFunctionResponse(FunctionManifest.From(graph), effective, plan), ApiJsonContext.Default.AnalyzeFunctionResponse);
        }

        var text = JsonFields.AsString(source, "source");
        if (Encoding.UTF8.GetByteCount(text) > _options.SourceLimitBytes)
        {
            throw new ApiProblemException(413, "Payload too large", $"'source' exceeds {_options.SourceLimitBytes} bytes of UTF-8. Send a smaller file.", "source");
        }

        string? method = null;
        if (JsonFields.TryGet(root, "method", out var m) && m.ValueKind != JsonValueKind.Null)
        {
            method = JsonFields.AsString(m, "method");
            if (method.Length > Identifiers.MaxFunctionIdLength || !(Identifiers.IsFunctionId(method) || Identifiers.IsFunctionId("x." + method)))
            {
                throw ApiProblemException.BadRequest($"'method' must be a method name or Namespace.Type.Method; got {Identifiers.Quote(method)}.", "method");
            }
        }

        var graphs = _analyzer.Analyze([new SourceFile("request.cs", text)], ct);
        if (method is not null)
        {
            graphs = [.. graphs.Where(x => x.Function == method || x.Function.EndsWith("." + method, StringComparison.Ordinal))];
            if (graphs.Count == 0)
            {
                throw ApiProblemException.NotFound($"The source has no [Splitable] method named {Identifiers.Quote(method)}.", "method");
            }
        }

        return Results.Json(new AnalyzeSourceResponse([.. graphs.Select(FunctionManifest.From)]), ApiJsonContext.Default.AnalyzeSourceResponse);
    });

    /// <summary><c>POST /api/function/deploy</c>: registers every unit of the current plan as a virtual function in each region.</summary>
    public Task<IResult> DeployAsync(HttpContext context) => GuardAsync(context, async ct =>
    {
        using var document = await JsonBody.ReadObjectAsync(context.Request, _options.SmallBodyLimitBytes, ct).ConfigureAwait(false);
        var root = document.RootElement;
        JsonFields.RejectUnknown(root, string.Empty, "function", "regions");
        var graph = RequireFunction(JsonFields.RequireString(root, "function", "function"), "function");
        IReadOnlyList<string>? regions = null;
        if (JsonFields.TryGet(root, "regions", out var r) && r.ValueKind != JsonValueKind.Null)
        {
            regions = ParseRegions(r, "regions");
        }

        var effective = await EffectiveAsync(graph, ct).ConfigureAwait(false);
        var plan = await PlanOrThrowAsync(graph, effective, ct).ConfigureAwait(false);
        var memory = effective.ResourceConstraint?.MemoryMb ?? _options.DefaultMemoryMb;
        var timeout = effective.ResourceConstraint?.TimeoutSeconds ?? _options.DefaultTimeoutSeconds;
        var targets = regions is null
            ? plan.Units.GroupBy(u => u.Region, StringComparer.Ordinal).Select(x => (Region: x.Key, Units: x.ToList()))
            : regions.Select(region => (Region: region, Units: plan.Units.ToList()));

        var deployments = new List<RegionDeployment>();
        foreach (var (region, units) in targets.OrderBy(t => t.Region, StringComparer.Ordinal))
        {
            var functions = units
                .Select(u => new VirtualFunction(VirtualFunction.IdentifierFor(graph.Function, u.Id, region), graph.Function, u.Id, u.Segments, region, memory, timeout, _catalog.PackageVersion))
                .ToList();
            deployments.Add(await _provisioner.DeployAsync(new DeploymentRequest(region, functions), ct).ConfigureAwait(false));
        }

        Log.Deployed(_logger, graph.Function, deployments.Count);
        return Results.Json(new DeployResponse(graph.Function, deployments), ApiJsonContext.Default.DeployResponse);
    });

    /// <summary><c>POST /api/execution/submit</c>: plans (unless a plan is given) and starts an execution; 202 with the status URI.</summary>
    public Task<IResult> SubmitAsync(HttpContext context) => GuardAsync(context, async ct =>
    {
        using var document = await JsonBody.ReadObjectAsync(context.Request, _options.SubmitBodyLimitBytes, ct).ConfigureAwait(false);
        var root = document.RootElement;
        JsonFields.RejectUnknown(root, string.Empty, "function", "arguments", "plan");
        var graph = RequireFunction(JsonFields.RequireString(root, "function", "function"), "function");
        if (!JsonFields.TryGet(root, "arguments", out var arguments))
        {
            throw ApiProblemException.BadRequest("Member 'arguments' is required: an object with one member per parameter ({} for none).", "arguments");
        }

        JsonFields.AsObject(arguments, "arguments");
        if (Encoding.UTF8.GetByteCount(arguments.GetRawText()) > _options.ArgumentsLimitBytes)
        {
            throw new ApiProblemException(413, "Payload too large", $"'arguments' exceeds {_options.ArgumentsLimitBytes} bytes of JSON. Pass large data by reference (a URL or blob name) instead.", "arguments");
        }

        ValidateArguments(graph, arguments);
        var effective = await EffectiveAsync(graph, ct).ConfigureAwait(false);

        // The plan span covers planning and starting the execution: the engine's plan carries its trace context, so
        // the auction, dispatch, unit and completion spans of every region join this one trace.
        using var span = SplitterTelemetry.StartPlan(graph.Function);
        var given = JsonFields.TryGet(root, "plan", out var p) && p.ValueKind != JsonValueKind.Null;
        PlanPreview plan;
        try
        {
            plan = given ? ParsePlan(graph, effective, p) : await PlanOrThrowAsync(graph, effective, ct).ConfigureAwait(false);
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

        Log.Submitted(_logger, graph.Function, id);
        var uri = StatusUri(context.Request, id);
        context.Response.Headers.Location = uri;
        return Results.Json(new SubmitResponse(id, uri), ApiJsonContext.Default.SubmitResponse, statusCode: StatusCodes.Status202Accepted);
    });

    /// <summary><c>GET /api/execution/{id}</c> (JSON, or <c>?format=mermaid</c> for the plan as a Mermaid graph).</summary>
    public Task<IResult> GetExecutionAsync(HttpContext context, string? id) => GuardAsync(context, async ct =>
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
    public Task<IResult> CancelExecutionAsync(HttpContext context, string? id) => GuardAsync(context, async ct =>
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

    /// <summary><c>GET /api/functions</c>: the registered functions with their effective annotations.</summary>
    public Task<IResult> ListFunctionsAsync(HttpContext context) => GuardAsync(context, async ct =>
    {
        var list = new List<FunctionSummary>();
        foreach (var graph in _catalog.Functions)
        {
            var effective = await EffectiveAsync(graph, ct).ConfigureAwait(false);
            list.Add(new FunctionSummary(graph.Function, graph.Parameters, graph.ReturnType, graph.Segments.Count, effective));
        }

        return Results.Json(new FunctionList(list), ApiJsonContext.Default.FunctionList);
    });

    /// <summary>A 405 problem naming the allowed methods.</summary>
    public static IResult MethodNotAllowed(HttpContext context, IReadOnlyList<string> allowed)
        => ProblemResult.Create(
            context,
            StatusCodes.Status405MethodNotAllowed,
            "Method not allowed",
            $"Method {context?.Request.Method} is not allowed on {context?.Request.Path}; use {string.Join(" or ", allowed)}.",
            "method",
            new Dictionary<string, string> { ["Allow"] = string.Join(", ", allowed) });

    internal static EffectiveAnnotations Effective(SplitGraph graph, AnnotationOverrides overrides) => new(
        (overrides.Splitable ?? true) && graph.IsSplittable,
        overrides.GeoPreference is { } geo ? new GeoPreferenceInfo(geo.Regions, geo.Strict) : graph.Annotations.GeoPreference,
        overrides.ResourceConstraint is { } rc ? new ResourceConstraintInfo(rc.MemoryMb, rc.TimeoutSeconds) : graph.Annotations.ResourceConstraint);

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

    private static string StatusUri(HttpRequest request, string id)
    {
        var path = request.Path.Value ?? string.Empty;
        var at = path.LastIndexOf("/execution/submit", StringComparison.OrdinalIgnoreCase);
        var prefix = at >= 0 ? path[..at] : "/api";
        return $"{request.Scheme}://{request.Host}{request.PathBase}{prefix}/execution/{Uri.EscapeDataString(id)}";
    }

    private static void RequireExecutionId(string? id)
    {
        if (!Identifiers.IsExecutionId(id))
        {
            throw ApiProblemException.BadRequest($"Execution id {Identifiers.Quote(id)} is not valid: 1–64 letters, digits, '-' or '_'.", "id");
        }
    }

    private static ResourceConstraintOverride ParseResourceConstraint(JsonElement value)
    {
        JsonFields.AsObject(value, "resourceConstraint");
        JsonFields.RejectUnknown(value, "resourceConstraint.", "memoryMb", "timeoutSeconds");
        if (!JsonFields.TryGet(value, "memoryMb", out var memory))
        {
            throw ApiProblemException.BadRequest("Member 'resourceConstraint.memoryMb' is required (128–32768).", "resourceConstraint.memoryMb");
        }

        if (!JsonFields.TryGet(value, "timeoutSeconds", out var timeout))
        {
            throw ApiProblemException.BadRequest("Member 'resourceConstraint.timeoutSeconds' is required (1–3600).", "resourceConstraint.timeoutSeconds");
        }

        return new ResourceConstraintOverride(
            JsonFields.AsInt(memory, "resourceConstraint.memoryMb", 128, 32768),
            JsonFields.AsInt(timeout, "resourceConstraint.timeoutSeconds", 1, 3600));
    }

    private static void ValidateArguments(SplitGraph graph, JsonElement arguments)
    {
        var names = graph.Parameters.Select(p => p.Name).ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in arguments.EnumerateObject())
        {
            if (!seen.Add(property.Name))
            {
                throw ApiProblemException.BadRequest($"Argument {Identifiers.Quote(property.Name)} appears more than once.", "arguments." + property.Name);
            }

            if (!names.Contains(property.Name))
            {
                throw ApiProblemException.Invalid(
                    $"{graph.Function} has no parameter {Identifiers.Quote(property.Name)}; its parameters are: {(names.Count == 0 ? "(none)" : string.Join(", ", names))}.",
                    "arguments." + property.Name);
            }
        }

        foreach (var name in names.Where(n => !seen.Contains(n)))
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

    private PlanPreview ParsePlan(SplitGraph graph, EffectiveAnnotations effective, JsonElement value)
    {
        PlanPreview? plan;
        try
        {
            plan = value.Deserialize(ApiJsonContext.Default.PlanPreview);
        }
        catch (JsonException ex)
        {
            throw ApiProblemException.BadRequest($"Member 'plan' is not a plan: {ex.Message}", "plan" + (ex.Path is { Length: > 1 } p ? p[1..] : string.Empty));
        }

        if (plan is null || plan.Units is null || plan.Units.Count == 0)
        {
            throw ApiProblemException.Invalid("Member 'plan.units' must list at least one unit.", "plan.units");
        }

        var covered = new List<int>();
        var ids = new HashSet<int>();
        for (var i = 0; i < plan.Units.Count; i++)
        {
            var unit = plan.Units[i];
            var field = $"plan.units[{i}]";
            if (unit is null || unit.Segments is null || unit.Segments.Count == 0)
            {
                throw ApiProblemException.Invalid($"'{field}.segments' must list at least one segment.", field + ".segments");
            }

            if (!ids.Add(unit.Id))
            {
                throw ApiProblemException.Invalid($"'{field}.id' {unit.Id} is used by another unit.", field + ".id");
            }

            RequireKnownRegion(unit.Region, field + ".region");
            if (effective.GeoPreference is { Strict: true } geo && !geo.Regions.Contains(unit.Region))
            {
                throw ApiProblemException.Invalid(
                    $"'{field}.region' {Identifiers.Quote(unit.Region)} is outside the strict geo preference of {graph.Function} ({string.Join(", ", geo.Regions)}).",
                    field + ".region");
            }

            covered.AddRange(unit.Segments);
        }

        if (!covered.Order().SequenceEqual(Enumerable.Range(0, graph.Segments.Count)))
        {
            throw ApiProblemException.Invalid($"The units of 'plan' must cover segments 0–{graph.Segments.Count - 1} of {graph.Function} exactly once each.", "plan.units");
        }

        if (!effective.Splitable && plan.Units.Count > 1)
        {
            throw ApiProblemException.Invalid($"{graph.Function} runs unsplit (splitable is false or its analysis has errors): 'plan.units' must hold exactly one unit.", "plan.units");
        }

        return plan with { Algorithm = plan.Algorithm ?? "given", Cost = plan.Cost ?? new PlanCost(0, 0, 0) };
    }

    private GeoPreferenceOverride ParseGeoPreference(JsonElement value)
    {
        JsonFields.AsObject(value, "geoPreference");
        JsonFields.RejectUnknown(value, "geoPreference.", "regions", "strict");
        if (!JsonFields.TryGet(value, "regions", out var regions))
        {
            throw ApiProblemException.BadRequest("Member 'geoPreference.regions' is required: a non-empty array of region names.", "geoPreference.regions");
        }

        var strict = JsonFields.TryGet(value, "strict", out var s) && JsonFields.AsBool(s, "geoPreference.strict");
        return new GeoPreferenceOverride(ParseRegions(regions, "geoPreference.regions"), strict);
    }

    private List<string> ParseRegions(JsonElement value, string field)
    {
        var regions = new List<string>();
        var index = 0;
        foreach (var item in JsonFields.AsArray(value, field))
        {
            var itemField = $"{field}[{index++}]";
            var region = JsonFields.AsString(item, itemField);
            RequireKnownRegion(region, itemField);
            if (regions.Contains(region))
            {
                throw ApiProblemException.Invalid($"'{itemField}' repeats region {Identifiers.Quote(region)}; list each region once.", itemField);
            }

            regions.Add(region);
            if (regions.Count > MaxRegions)
            {
                throw ApiProblemException.Invalid($"'{field}' lists more than {MaxRegions} regions.", field);
            }
        }

        return regions.Count == 0
            ? throw ApiProblemException.Invalid($"'{field}' must list at least one region; known regions: {string.Join(", ", _planner.Regions)}.", field)
            : regions;
    }

    private void RequireKnownRegion(string? region, string field)
    {
        if (!Identifiers.IsRegion(region))
        {
            throw ApiProblemException.Invalid($"'{field}' {Identifiers.Quote(region)} is not a region name (lowercase letters, digits and '-', up to 40).", field);
        }

        if (!_planner.Regions.Contains(region!))
        {
            throw ApiProblemException.Invalid($"'{field}' {Identifiers.Quote(region)} is not a configured region; known regions: {string.Join(", ", _planner.Regions)}.", field);
        }
    }

    private SplitGraph RequireFunction(string? function, string field)
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

    private async Task<EffectiveAnnotations> EffectiveAsync(SplitGraph graph, CancellationToken ct)
    {
        var entry = await _annotations.GetAsync(graph.Function, ct).ConfigureAwait(false);
        return Effective(graph, entry?.Overrides ?? AnnotationOverrides.Empty);
    }

    private async Task<PlanPreview> PlanOrThrowAsync(SplitGraph graph, EffectiveAnnotations effective, CancellationToken ct)
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
                Log.ProfilesUnavailable(_logger, ex, graph.Function);
            }
        }

        try
        {
            return _planner.Plan(graph, effective, measured);
        }
        catch (PlanningFailedException ex)
        {
            throw new ApiProblemException(422, "No feasible plan", $"No plan satisfies the current annotations of function {graph.Function}: {ex.Message}. Relax them with POST /api/annotation/update.", "function");
        }
    }

    private IResult AnnotationResult(HttpContext context, SplitGraph graph, AnnotationEntry? entry)
    {
        var etag = entry?.ETag ?? AnnotationETags.None;
        var overrides = entry?.Overrides ?? AnnotationOverrides.Empty;
        context.Response.Headers.ETag = etag;
        return Results.Json(new AnnotationView(graph.Function, etag, graph.Annotations, overrides, Effective(graph, overrides)), ApiJsonContext.Default.AnnotationView);
    }

    private async Task<IResult> GuardAsync(HttpContext context, Func<CancellationToken, Task<IResult>> handler)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            return await handler(context.RequestAborted).ConfigureAwait(false);
        }
        catch (ApiProblemException ex)
        {
            return ProblemResult.Create(context, ex.Status, ex.Title, ex.Message, ex.Field);
        }
        catch (BadHttpRequestException ex)
        {
            return ProblemResult.Create(context, ex.StatusCode, "Bad request", $"The request could not be read: {ex.Message}", "body");
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return Results.StatusCode(499);
        }
        catch (Exception ex)
        {
            Log.Unexpected(_logger, ex, context.Request.Method, context.Request.Path.Value ?? string.Empty);
            return ProblemResult.Create(
                context,
                StatusCodes.Status500InternalServerError,
                "Internal error",
                $"The server failed to handle the request (trace id {context.TraceIdentifier}). The details are in the server log; please report it.");
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 8001, Level = LogLevel.Information, Message = "Annotations of {Function} updated (ETag {ETag})")]
        public static partial void AnnotationsUpdated(ILogger logger, string function, string eTag);

        [LoggerMessage(EventId = 8002, Level = LogLevel.Information, Message = "{Function} deployed to {Regions} region(s)")]
        public static partial void Deployed(ILogger logger, string function, int regions);

        [LoggerMessage(EventId = 8003, Level = LogLevel.Information, Message = "{Function} submitted as execution {ExecutionId}")]
        public static partial void Submitted(ILogger logger, string function, string executionId);

        [LoggerMessage(EventId = 8005, Level = LogLevel.Warning, Message = "Measured profiles of {Function} could not be read; planning with static estimates")]
        public static partial void ProfilesUnavailable(ILogger logger, Exception exception, string function);

        [LoggerMessage(EventId = 8004, Level = LogLevel.Error, Message = "Unhandled error in {Method} {Path}")]
        public static partial void Unexpected(ILogger logger, Exception exception, string method, string path);
    }
}
