using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Serverless.Api.Handlers;

namespace Serverless.Functions.Http;

/// <summary><c>/api/functions</c> on Azure Functions: a thin trigger over the <see cref="FunctionsHandler"/>.</summary>
public sealed class FunctionsApiFunctions
{
    private readonly FunctionsHandler _handler;

    public FunctionsApiFunctions(FunctionsHandler handler) => _handler = handler;

    [Function("FunctionsList")]
    public Task<IResult> List([HttpTrigger(AuthorizationLevel.Function, "get", Route = "functions")] HttpRequest request)
        => _handler.ListAsync(request.HttpContext);
}
