using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Serverless.Api.Handlers;

namespace Serverless.Functions.Http;

/// <summary>
/// <c>/api/annotation</c> on Azure Functions: thin triggers over the <see cref="AnnotationHandler"/> that
/// `serverless serve` maps. Updates need the admin key, reads a function key.
/// </summary>
public sealed class AnnotationApiFunctions
{
    private readonly AnnotationHandler _handler;

    public AnnotationApiFunctions(AnnotationHandler handler) => _handler = handler;

    [Function("AnnotationUpdate")]
    public Task<IResult> UpdateAnnotation([HttpTrigger(AuthorizationLevel.Admin, "post", Route = "annotation/update")] HttpRequest request)
        => _handler.UpdateAsync(request.HttpContext);

    [Function("AnnotationGet")]
    public Task<IResult> GetAnnotation([HttpTrigger(AuthorizationLevel.Function, "get", Route = "annotation/{function}")] HttpRequest request, string function)
        => _handler.GetAsync(request.HttpContext, function);
}
