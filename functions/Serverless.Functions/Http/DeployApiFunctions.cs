using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Serverless.Api.Handlers;

namespace Serverless.Functions.Http;

/// <summary>
/// <c>/api/function</c> on Azure Functions: thin triggers over the <see cref="DeployHandler"/>; deploy needs the admin
/// key (without the ARM settings it answers 503 naming them), listing what is deployed a function key.
/// </summary>
public sealed class DeployApiFunctions
{
    private readonly DeployHandler _handler;

    public DeployApiFunctions(DeployHandler handler) => _handler = handler;

    [Function("FunctionDeploy")]
    public Task<IResult> Deploy([HttpTrigger(AuthorizationLevel.Admin, "post", Route = "function/deploy")] HttpRequest request)
        => _handler.DeployAsync(request.HttpContext);

    [Function("FunctionGet")]
    public Task<IResult> Get([HttpTrigger(AuthorizationLevel.Function, "get", Route = "function/{id}")] HttpRequest request, string id)
        => _handler.GetAsync(request.HttpContext, id);
}
