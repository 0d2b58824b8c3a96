using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Serverless.Api.Handlers;
using Serverless.Functions.Execution;

namespace Serverless.Functions.Http;

/// <summary>
/// <c>/api/execution</c> and <c>/api/executions</c> on Azure Functions: thin triggers over the <see cref="SubmitHandler"/>
/// and the <see cref="ExecutionHandler"/>, each with the invocation's Durable Functions client in scope.
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

    [Function("ExecutionTerminate")]
    public Task<IResult> Terminate([HttpTrigger(AuthorizationLevel.Function, "post", Route = "execution/{id}/terminate")] HttpRequest request, [DurableClient] DurableTaskClient client, string id)
        => DurableClientScope.RunAsync(client, () => _executions.TerminateAsync(request.HttpContext, id));

    [Function("ExecutionSuspend")]
    public Task<IResult> Suspend([HttpTrigger(AuthorizationLevel.Function, "post", Route = "execution/{id}/suspend")] HttpRequest request, [DurableClient] DurableTaskClient client, string id)
        => DurableClientScope.RunAsync(client, () => _executions.SuspendAsync(request.HttpContext, id));

    [Function("ExecutionResume")]
    public Task<IResult> Resume([HttpTrigger(AuthorizationLevel.Function, "post", Route = "execution/{id}/resume")] HttpRequest request, [DurableClient] DurableTaskClient client, string id)
        => DurableClientScope.RunAsync(client, () => _executions.ResumeAsync(request.HttpContext, id));

    [Function("ExecutionPurge")]
    public Task<IResult> Purge([HttpTrigger(AuthorizationLevel.Function, "delete", Route = "execution/{id}")] HttpRequest request, [DurableClient] DurableTaskClient client, string id)
        => DurableClientScope.RunAsync(client, () => _executions.PurgeAsync(request.HttpContext, id));

    [Function("ExecutionList")]
    public Task<IResult> List([HttpTrigger(AuthorizationLevel.Function, "get", Route = "executions")] HttpRequest request, [DurableClient] DurableTaskClient client)
        => DurableClientScope.RunAsync(client, () => _executions.ListAsync(request.HttpContext));
}
