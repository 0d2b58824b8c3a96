using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Serverless.Api.Catalog;
using Serverless.Api.Contracts;
using Serverless.Api.Http;
using Serverless.Orchestrations.Ports;

namespace Serverless.Api.Handlers;

/// <summary><c>/api/functions</c>: the registered functions with their effective annotations.</summary>
public sealed class FunctionsHandler
{
    private readonly IFunctionCatalog _catalog;
    private readonly IAnnotationStore _annotations;
    private readonly ILogger<FunctionsHandler> _logger;

    public FunctionsHandler(IFunctionCatalog catalog, IAnnotationStore annotations, ILogger<FunctionsHandler> logger)
    {
        _catalog = catalog;
        _annotations = annotations;
        _logger = logger;
    }

    /// <summary><c>GET /api/functions</c>.</summary>
    public Task<IResult> ListAsync(HttpContext context) => ProblemGuard.RunAsync(context, _logger, async ct =>
    {
        var list = new List<FunctionSummary>();
        foreach (var graph in _catalog.Functions)
        {
            var entry = await _annotations.GetAsync(graph.Function, ct).ConfigureAwait(false);
            var effective = RegisteredFunctions.Effective(graph, entry?.Overrides ?? AnnotationOverrides.Empty);
            list.Add(new FunctionSummary(graph.Function, graph.Parameters, graph.ReturnType, graph.Segments.Count, effective));
        }

        return Results.Json(new FunctionList(list), ApiJsonContext.Default.FunctionList);
    });
}
