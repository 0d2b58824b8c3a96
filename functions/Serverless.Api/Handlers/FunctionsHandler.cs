using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Serverless.Api.Contracts;
using Serverless.Api.Http;

namespace Serverless.Api.Handlers;

/// <summary><c>/api/functions</c>: the registered functions with their effective annotations.</summary>
public sealed class FunctionsHandler
{
    private readonly RegisteredFunctions _functions;
    private readonly ILogger<FunctionsHandler> _logger;

    public FunctionsHandler(RegisteredFunctions functions, ILogger<FunctionsHandler> logger)
    {
        _functions = functions;
        _logger = logger;
    }

    /// <summary><c>GET /api/functions</c>.</summary>
    public Task<IResult> ListAsync(HttpContext context) => ProblemGuard.RunAsync(context, _logger, async ct =>
    {
        var list = new List<FunctionSummary>();
        foreach (var graph in _functions.Catalog.Functions)
        {
            var effective = await _functions.EffectiveAsync(graph, ct).ConfigureAwait(false);
            list.Add(new FunctionSummary(graph.Function, graph.Parameters, graph.ReturnType, graph.Segments.Count, effective));
        }

        return Results.Json(new FunctionList(list), ApiJsonContext.Default.FunctionList);
    });
}
