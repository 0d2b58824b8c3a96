using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Serverless.Api.Handlers;

namespace Serverless.Functions.Http;

/// <summary>
/// <c>/api/function/deploy</c> on Azure Functions: a thin trigger over the <see cref="DeployHandler"/> (admin key).
/// Without the ARM settings the handler answers 503 naming them.
/// </summary>
public sealed class DeployApiFunctions
{
    private readonly DeployHandler _handler;

    public DeployApiFunctions(DeployHandler handler) => _handler = handler;

    [Function("FunctionDeploy")]
    public Task<IResult> Deploy([HttpTrigger(AuthorizationLevel.Admin, "post", Route = "function/deploy")] HttpRequest request)
        => _handler.DeployAsync(request.HttpContext);
}
