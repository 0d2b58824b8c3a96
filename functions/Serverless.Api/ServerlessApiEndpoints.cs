using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Serverless.Api.Handlers;
using Serverless.Api.Http;
using Serverless.Api.OpenApi;

namespace Serverless.Api;

/// <summary>
/// Maps the API's routes onto an endpoint builder (Kestrel in <c>serverless serve</c>, TestServer in tests). Other
/// methods on the same routes get a 405 problem with an <c>Allow</c> header.
/// </summary>
public static class ServerlessApiEndpoints
{
    /// <summary>Every route with its allowed methods: the single source for the hosts and their tests.</summary>
    public static IReadOnlyList<(string Route, string[] Methods)> Routes { get; } =
    [
        ("annotation/update", ["POST"]),
        ("annotation/{function}", ["GET"]),
        ("split/analyze", ["POST"]),
        ("function/deploy", ["POST"]),
        ("function/{id}", ["GET"]),
        ("execution/submit", ["POST"]),
        ("execution/{id}", ["GET", "DELETE"]),
        ("execution/{id}/terminate", ["POST"]),
        ("execution/{id}/suspend", ["POST"]),
        ("execution/{id}/resume", ["POST"]),
        ("executions", ["GET"]),
        ("functions", ["GET"]),
        ("market", ["GET"]),
        ("openapi.json", ["GET"]),
    ];

    /// <summary>The handler classes, one per resource, that <see cref="AddServerlessApi"/> registers.</summary>
    public static IReadOnlyList<Type> HandlerTypes { get; } =
    [
        typeof(AnnotationHandler),
        typeof(AnalyzeHandler),
        typeof(DeployHandler),
        typeof(SubmitHandler),
        typeof(ExecutionHandler),
        typeof(FunctionsHandler),
        typeof(MarketHandler),
    ];

    private static readonly string[] AllMethods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"];

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> OpenApiDocuments = new(StringComparer.Ordinal);

    /// <summary>Maps the API under <paramref name="prefix"/> (default <c>/api</c>).</summary>
    public static IEndpointRouteBuilder MapServerlessApi(this IEndpointRouteBuilder endpoints, string prefix = "/api")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var api = endpoints.MapGroup(prefix);
        api.MapPost("annotation/update", (HttpContext c, AnnotationHandler h) => h.UpdateAsync(c));
        api.MapGet("annotation/{function}", (HttpContext c, AnnotationHandler h, string function) => h.GetAsync(c, function));
        api.MapPost("split/analyze", (HttpContext c, AnalyzeHandler h) => h.AnalyzeAsync(c));
        api.MapPost("function/deploy", (HttpContext c, DeployHandler h) => h.DeployAsync(c));
        api.MapGet("function/{id}", (HttpContext c, DeployHandler h, string id) => h.GetAsync(c, id));
        api.MapPost("execution/submit", (HttpContext c, SubmitHandler h) => h.SubmitAsync(c));
        api.MapGet("execution/{id}", (HttpContext c, ExecutionHandler h, string id) => h.GetAsync(c, id));
        api.MapDelete("execution/{id}", (HttpContext c, ExecutionHandler h, string id) => h.PurgeAsync(c, id));
        api.MapPost("execution/{id}/terminate", (HttpContext c, ExecutionHandler h, string id) => h.TerminateAsync(c, id));
        api.MapPost("execution/{id}/suspend", (HttpContext c, ExecutionHandler h, string id) => h.SuspendAsync(c, id));
        api.MapPost("execution/{id}/resume", (HttpContext c, ExecutionHandler h, string id) => h.ResumeAsync(c, id));
        api.MapGet("executions", (HttpContext c, ExecutionHandler h) => h.ListAsync(c));
        api.MapGet("functions", (HttpContext c, FunctionsHandler h) => h.ListAsync(c));
        api.MapGet("market", (HttpContext c, MarketHandler h) => h.GetAsync(c));
        api.MapGet("openapi.json", () => OpenApiDocument(prefix));
        foreach (var (route, methods) in Routes)
        {
            var others = AllMethods.Except(methods).ToArray();
            api.MapMethods(route, others, (HttpContext c) => ProblemGuard.MethodNotAllowed(c, methods));
        }

        return endpoints;
    }

    /// <summary>The OpenAPI document of the routes under <paramref name="prefix"/> (<c>GET {prefix}/openapi.json</c>).</summary>
    public static IResult OpenApiDocument(string prefix = "/api")
        => Results.Text(OpenApiDocuments.GetOrAdd(prefix, p => ServerlessOpenApi.Json(p)), "application/json; charset=utf-8");

    /// <summary>
    /// Registers the handlers and options. The host registers the ports: catalogue, annotation store, planner,
    /// execution service, source analyzer and function registry; a provisioner is needed only by deployments (without one, deploy
    /// answers 503 and every other endpoint works), measured profiles are optional.
    /// </summary>
    public static IServiceCollection AddServerlessApi(this IServiceCollection services, Action<ServerlessApiOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<ServerlessApiOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RegisteredFunctions>();
        services.TryAddSingleton<ConfiguredRegions>();
        services.TryAddSingleton<Serverless.Api.Analysis.AnalysisBudget>();
        foreach (var handler in HandlerTypes)
        {
            services.AddSingleton(handler);
        }

        return services;
    }
}
