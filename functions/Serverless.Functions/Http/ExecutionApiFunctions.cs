using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Serverless.Api.Handlers;
using Serverless.Functions.Execution;

namespace Serverless.Functions.Http;

/// <summary>
/// <c>/api/execution</c> on Azure Functions: thin triggers over the <see cref="SubmitHandler"/> and the
/// <see cref="ExecutionHandler"/>, each with the invocation's Durable Functions client in scope.
/// </summary>
public sealed class ExecutionApiFunctions
{
    private readonly SubmitHandler _submit;
    private readonly ExecutionHandler _executions;

    public ExecutionApiFunctions(SubmitHandler submit, ExecutionHandler executions)
    {
        _submit = submit;
        _executions = executions;
    }

    [Function("ExecutionSubmit")]
    public Task<IResult> Submit([HttpTrigger(AuthorizationLevel.Function, "post", Route = "execution/submit")] HttpRequest request, [DurableClient] DurableTaskClient client)
        => DurableClientScope.RunAsync(client, () => _submit.SubmitAsync(request.HttpContext));

    [Function("ExecutionStatus")]
    public Task<IResult> Status([HttpTrigger(AuthorizationLevel.Function, "get", Route = "execution/{id}")] HttpRequest request, [DurableClient] DurableTaskClient client, string id)
        => DurableClientScope.RunAsync(client, () => _executions.GetAsync(request.HttpContext, id));

    [Function("ExecutionCancel")]
    public Task<IResult> Cancel([HttpTrigger(AuthorizationLevel.Function, "delete", Route = "execution/{id}")] HttpRequest request, [DurableClient] DurableTaskClient client, string id)
        => DurableClientScope.RunAsync(client, () => _executions.CancelAsync(request.HttpContext, id));
}
