using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Serverless.Api;

namespace Serverless.Functions.Http;

/// <summary><c>/api/openapi.json</c> on Azure Functions: the same OpenAPI document <c>serverless serve</c> answers.</summary>
public static class OpenApiFunctions
{
    [Function("OpenApiDocument")]
    public static IResult Document([HttpTrigger(AuthorizationLevel.Function, "get", Route = "openapi.json")] HttpRequest request)
        => ServerlessApiEndpoints.OpenApiDocument();
}
