using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Serverless.Api;
using Serverless.Functions.Execution;

namespace Serverless.Functions.Http;

/// <summary>
/// The HTTP API on Azure Functions: thin triggers over the same <see cref="ServerlessApiHandlers"/> that
/// `serverless serve` maps. Function keys for analyze, submit, status and list; the admin key for annotation updates
/// and deployments.
/// </summary>
public sealed class SplitApiFunctions
{
    private readonly ServerlessApiHandlers _handlers;

    public SplitApiFunctions(ServerlessApiHandlers handlers) => _handlers = handlers;

    [Function("AnnotationUpdate")]
    public Task<IResult> UpdateAnnotation([HttpTrigger(AuthorizationLevel.Admin, "post", Route = "annotation/update")] HttpRequest request)
        => _handlers.UpdateAnnotationAsync(request.HttpContext);

    [Function("AnnotationGet")]
    public Task<IResult> GetAnnotation([HttpTrigger(AuthorizationLevel.Function, "get", Route = "annotation/{function}")] HttpRequest request, string function)
        => _handlers.GetAnnotationAsync(request.HttpContext, function);

    [Function("SplitAnalyze")]
    public Task<IResult> Analyze([HttpTrigger(AuthorizationLevel.Function, "post", Route = "split/analyze")] HttpRequest request)
        => _handlers.AnalyzeAsync(request.HttpContext);

    [Function("FunctionDeploy")]
    public Task<IResult> Deploy([HttpTrigger(AuthorizationLevel.Admin, "post", Route = "function/deploy")] HttpRequest request)
        => _handlers.DeployAsync(request.HttpContext);

    [Function("ExecutionSubmit")]
    public Task<IResult> Submit([HttpTrigger(AuthorizationLevel.Function, "post", Route = "execution/submit")] HttpRequest request, [DurableClient] DurableTaskClient client)
        => DurableClientScope.RunAsync(client, () => _handlers.SubmitAsync(request.HttpContext));

    [Function("ExecutionStatus")]
    public Task<IResult> Status([HttpTrigger(AuthorizationLevel.Function, "get", Route = "execution/{id}")] HttpRequest request, [DurableClient] DurableTaskClient client, string id)
        => DurableClientScope.RunAsync(client, () => _handlers.GetExecutionAsync(request.HttpContext, id));

    [Function("ExecutionCancel")]
    public Task<IResult> Cancel([HttpTrigger(AuthorizationLevel.Function, "delete", Route = "execution/{id}")] HttpRequest request, [DurableClient] DurableTaskClient client, string id)
        => DurableClientScope.RunAsync(client, () => _handlers.CancelExecutionAsync(request.HttpContext, id));

    [Function("FunctionsList")]
    public Task<IResult> List([HttpTrigger(AuthorizationLevel.Function, "get", Route = "functions")] HttpRequest request)
        => _handlers.ListFunctionsAsync(request.HttpContext);
}
