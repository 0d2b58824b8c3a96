namespace Serverless.Api.OpenApi;

/// <summary>
/// One route and method of the API as the OpenAPI document describes it: its request body type (JSON), query
/// and header parameters, and for each status the body types it may answer (several: one of them; none: no JSON body).
/// </summary>
public sealed record ApiOperation(
    string Route,
    string Method,
    string OperationId,
    string Summary,
    Type? RequestBody,
    IReadOnlyDictionary<int, Type[]> Responses,
    IReadOnlyList<string>? Query = null,
    IReadOnlyList<string>? AlternativeMediaTypes = null,
    IReadOnlyList<string>? Headers = null);
