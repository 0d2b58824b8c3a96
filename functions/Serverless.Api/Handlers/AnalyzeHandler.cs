using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serverless.Api.Analysis;
using Serverless.Api.Contracts;
using Serverless.Api.Http;
using Serverless.Api.Requests;

namespace Serverless.Api.Handlers;

/// <summary><c>/api/split/analyze</c>: a registered function's manifest and plan, or the manifests of submitted source.</summary>
public sealed class AnalyzeHandler
{
    private readonly RegisteredFunctions _functions;
    private readonly ISourceAnalyzer _analyzer;
    private readonly ServerlessApiOptions _options;
    private readonly ILogger<AnalyzeHandler> _logger;
    private readonly AnalysisBudget _budget;

    public AnalyzeHandler(RegisteredFunctions functions, ISourceAnalyzer analyzer, IOptions<ServerlessApiOptions> options, ILogger<AnalyzeHandler> logger, AnalysisBudget budget)
    {
        ArgumentNullException.ThrowIfNull(options);
        _functions = functions;
        _analyzer = analyzer;
        _options = options.Value;
        _logger = logger;
        _budget = budget;
    }

    /// <summary><c>POST /api/split/analyze</c>: exactly one of <c>function</c> or <c>source</c> (with an optional <c>method</c>).</summary>
    public Task<IResult> AnalyzeAsync(HttpContext context) => ProblemGuard.RunAsync(context, _logger, async ct =>
    {
        var request = await JsonRequest.ReadAsync(context.Request, _options.AnalyzeBodyLimitBytes, RequestJsonContext.Default.AnalyzeRequest, ct).ConfigureAwait(false);
        var hasFunction = request.Function is not null;
        if (hasFunction == request.Source is not null)
        {
            throw ApiProblemException.BadRequest("Send exactly one of 'function' (a registered function id) or 'source' (C# text).", hasFunction ? "source" : "function");
        }

        if (hasFunction)
        {
            if (request.Method is not null)
            {
                throw ApiProblemException.BadRequest("'method' selects a method of 'source'; leave it out with 'function'.", "method");
            }

            var graph = _functions.Require(request.Function, "function");
            var effective = await _functions.EffectiveAsync(graph, ct).ConfigureAwait(false);
            var plan = await _functions.PlanAsync(graph, effective, ct).ConfigureAwait(false);
            return Results.Json(new AnalyzeFunctionResponse(FunctionManifest.From(graph), effective, plan), ApiJsonContext.Default.AnalyzeFunctionResponse);
        }

        var text = request.Source!;
        if (Encoding.UTF8.GetByteCount(text) > _options.SourceLimitBytes)
        {
            throw new ApiProblemException(413, "Payload too large", $"'source' exceeds {_options.SourceLimitBytes} bytes of UTF-8. Send a smaller file.", "source");
        }

        var method = request.Method;
        if (method is not null && (method.Length > Identifiers.MaxFunctionIdLength || !(Identifiers.IsFunctionId(method) || Identifiers.IsFunctionId("x." + method))))
        {
            throw ApiProblemException.BadRequest($"'method' must be a method name or Namespace.Type.Method; got {Identifiers.Quote(method)}.", "method");
        }

        var graphs = await _budget.RunAsync(context, text, limit => _analyzer.Analyze([new SourceFile("request.cs", text)], limit), ct).ConfigureAwait(false);
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
}
