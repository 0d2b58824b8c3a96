using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Serverless.Api.Handlers;

namespace Serverless.Functions.Http;

/// <summary><c>/api/split/analyze</c> on Azure Functions: a thin trigger over the <see cref="AnalyzeHandler"/>.</summary>
public sealed class AnalyzeApiFunctions
{
    private readonly AnalyzeHandler _handler;

    public AnalyzeApiFunctions(AnalyzeHandler handler) => _handler = handler;

    [Function("SplitAnalyze")]
    public Task<IResult> Analyze([HttpTrigger(AuthorizationLevel.Function, "post", Route = "split/analyze")] HttpRequest request)
        => _handler.AnalyzeAsync(request.HttpContext);
}
