using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using Serverless.Api.Contracts;
using Serverless.Api.Execution;
using Serverless.Api.Requests;

namespace Serverless.Api.OpenApi;

/// <summary>
/// The OpenAPI 3.1 document of the API (<c>GET /api/openapi.json</c> on both hosts). Built from one table of
/// operations and the JSON schemas of the very contracts the handlers read and write (System.Text.Json's
/// <see cref="JsonSchemaExporter"/> over the source-generated contexts, so the schemas say what the serializer does:
/// camelCase, unknown request members refused, required members marked). Microsoft.AspNetCore.OpenApi is not used:
/// it describes endpoints from their delegate signatures, and ours take the raw request (to answer problem+json that
/// names the field), and the Functions host has no endpoint routing for it to read.
/// </summary>
public static class ServerlessOpenApi
{
    private static readonly Type[] ProblemBody = [typeof(Problem)];

    /// <summary>Stands for this document as a response body (a JSON object with <c>openapi</c>, <c>info</c>, <c>paths</c>).</summary>
    private sealed class DocumentBody;

    /// <summary>Every operation: the same routes as <see cref="ServerlessApiEndpoints.Routes"/>, plus the document itself.</summary>
    public static IReadOnlyList<ApiOperation> Operations { get; } =
    [
        new("annotation/update", "POST", "updateAnnotations", "Apply run-time annotation overrides (conditional on If-Match)", typeof(AnnotationUpdateRequest),
            Responses([(200, [typeof(AnnotationView)]), .. Errors(400, 404, 412, 413, 415, 422)]), Headers: ["If-Match"]),
        new("annotation/{function}", "GET", "getAnnotations", "A function's compile-time, overridden and effective annotations, and their ETag", null,
            Responses([(200, [typeof(AnnotationView)]), .. Errors(400, 404)])),
        new("split/analyze", "POST", "analyze", "Analyse a registered function or submitted C# source: manifests and the plan it would get now", typeof(AnalyzeRequest),
            Responses([(200, [typeof(AnalyzeFunctionResponse), typeof(AnalyzeSourceResponse)]), .. Errors(400, 404, 413, 415, 422, 503)])),
        new("function/deploy", "POST", "deploy", "Deploy a function's units as virtual functions in their regions", typeof(DeployRequest),
            Responses([(200, [typeof(DeployResponse)]), .. Errors(400, 404, 413, 415, 422, 503)])),
        new("function/{id}", "GET", "getFunctionDeployments", "The deployed virtual functions of a function, per region: memory, timeout, package version, deployment time", null,
            Responses([(200, [typeof(FunctionDeployments)]), .. Errors(400, 404)])),
        new("execution/submit", "POST", "submitExecution", "Start an execution (202 with the management URIs; idempotent with a caller id)", typeof(SubmitRequest),
            Responses([(202, [typeof(SubmitResponse)]), .. Errors(400, 404, 409, 413, 415, 422)])),
        new("execution/{id}", "GET", "getExecution", "An execution's status, progress, plan, timeline, cost and result (202 while it runs)", null,
            Responses([(200, [typeof(ExecutionState)]), (202, [typeof(ExecutionState)]), .. Errors(400, 404, 409)]), ["format"], ["text/vnd.mermaid", "image/svg+xml"]),
        new("execution/{id}", "DELETE", "purgeExecution", "Purge an ended execution's history and state", null,
            Responses([(200, [typeof(PurgeResponse)]), .. Errors(400, 404, 409)])),
        new("execution/{id}/terminate", "POST", "terminateExecution", "Terminate a running execution and delete its state", null,
            Responses([(202, [typeof(ExecutionState)]), .. Errors(400, 404, 410)]), ["reason"]),
        new("execution/{id}/suspend", "POST", "suspendExecution", "Suspend a running execution (no new unit is dispatched)", null,
            Responses([(202, [typeof(ExecutionState)]), .. Errors(400, 404, 410)]), ["reason"]),
        new("execution/{id}/resume", "POST", "resumeExecution", "Resume a suspended execution", null,
            Responses([(202, [typeof(ExecutionState)]), .. Errors(400, 404, 410)]), ["reason"]),
        new("executions", "GET", "listExecutions", "List executions, filtered and paged (x-ms-continuation-token)", null,
            Responses([(200, [typeof(IReadOnlyList<ExecutionSummary>)]), .. Errors(400, 404)]), ["runtimeStatus", "function", "createdFrom", "createdTo", "top"], Headers: ["x-ms-continuation-token"]),
        new("functions", "GET", "listFunctions", "The registered splittable functions with their effective annotations", null,
            Responses([(200, [typeof(FunctionList)])])),
        new("market", "GET", "getMarket", "The compute market now: bidders per region with their utilisation, recent auctions, autoscaler decisions", null,
            Responses([(200, [typeof(MarketSnapshot)]), .. Errors(503)])),
        new("openapi.json", "GET", "getOpenApiDocument", "This document", null, Responses([(200, [typeof(DocumentBody)])])),
    ];

    /// <summary>The JSON schema of a contract type as the API's serializer reads (requests) or writes (responses) it.</summary>
    public static JsonNode Schema(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var options = type.Namespace == typeof(SubmitRequest).Namespace ? RequestJsonContext.Default.Options : ApiJsonContext.Default.Options;
        return options.GetJsonSchemaAsNode(type, new JsonSchemaExporterOptions { TreatNullObliviousAsNonNullable = true });
    }

    /// <summary>The name of a contract type's schema under <c>components/schemas</c>.</summary>
    public static string SchemaName(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.IsGenericType ? type.GetGenericArguments()[0].Name + "List" : type.Name;
    }

    /// <summary>The document, with paths under <paramref name="prefix"/> (default <c>/api</c>).</summary>
    public static JsonObject Document(string prefix = "/api")
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var schemas = new SortedDictionary<string, JsonNode>(StringComparer.Ordinal);
        JsonObject Ref(Type type)
        {
            if (type == typeof(DocumentBody))
            {
                return new JsonObject { ["type"] = "object", ["required"] = new JsonArray("openapi", "info", "paths") };
            }

            var name = SchemaName(type);
            if (!schemas.ContainsKey(name))
            {
                schemas[name] = Rebase(Schema(type), $"#/components/schemas/{name}");
            }

            return new JsonObject { ["$ref"] = $"#/components/schemas/{name}" };
        }

        var paths = new JsonObject();
        foreach (var group in Operations.GroupBy(o => o.Route, StringComparer.Ordinal))
        {
            var item = new JsonObject();
            var pathParameters = group.Key.Split('/').Where(s => s.StartsWith('{')).Select(s => s.Trim('{', '}')).ToList();
            foreach (var op in group)
            {
                var parameters = new JsonArray();
                foreach (var p in pathParameters)
                {
                    parameters.Add(new JsonObject { ["name"] = p, ["in"] = "path", ["required"] = true, ["schema"] = new JsonObject { ["type"] = "string" } });
                }

                foreach (var q in op.Query ?? [])
                {
                    parameters.Add(new JsonObject { ["name"] = q, ["in"] = "query", ["required"] = false, ["schema"] = new JsonObject { ["type"] = q == "top" ? "integer" : "string" } });
                }

                foreach (var header in op.Headers ?? [])
                {
                    parameters.Add(new JsonObject { ["name"] = header, ["in"] = "header", ["required"] = false, ["schema"] = new JsonObject { ["type"] = "string" } });
                }

                var responses = new JsonObject();
                foreach (var (status, types) in op.Responses.OrderBy(r => r.Key))
                {
                    var response = new JsonObject { ["description"] = Description(status) };
                    if (types.Length > 0)
                    {
                        JsonNode schema = types.Length == 1 ? Ref(types[0]) : new JsonObject { ["oneOf"] = new JsonArray([.. types.Select(t => (JsonNode)Ref(t))]) };
                        var mediaType = types[0] == typeof(Problem) ? "application/problem+json" : "application/json";
                        var content = new JsonObject { [mediaType] = new JsonObject { ["schema"] = schema } };
                        if (status is 200 or 202 && op.AlternativeMediaTypes is { } alternatives)
                        {
                            foreach (var alt in alternatives)
                            {
                                content[alt] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "string" } };
                            }
                        }

                        response["content"] = content;
                    }

                    if (status == 202)
                    {
                        response["headers"] = new JsonObject
                        {
                            ["Location"] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "string" } },
                            ["Retry-After"] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "integer" } },
                        };
                    }

                    responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = response;
                }

                var operation = new JsonObject { ["operationId"] = op.OperationId, ["summary"] = op.Summary, ["parameters"] = parameters, ["responses"] = responses };
                if (op.RequestBody is { } body)
                {
                    operation["requestBody"] = new JsonObject { ["required"] = true, ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = Ref(body) } } };
                }

                item[op.Method.ToLowerInvariant()] = operation;
            }

            paths[$"{prefix.TrimEnd('/')}/{group.Key}"] = item;
        }

        return new JsonObject
        {
            ["openapi"] = "3.1.1",
            ["info"] = new JsonObject { ["title"] = "Serverless Splitter", ["version"] = typeof(ServerlessOpenApi).Assembly.GetName().Version?.ToString(3) ?? "0.0.0" },
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["schemas"] = new JsonObject([.. schemas.Select(s => KeyValuePair.Create(s.Key, (JsonNode?)s.Value))]),
                ["securitySchemes"] = new JsonObject { ["functionKey"] = new JsonObject { ["type"] = "apiKey", ["in"] = "header", ["name"] = "x-functions-key" } },
            },
            ["security"] = new JsonArray(new JsonObject { ["functionKey"] = new JsonArray() }),
        };
    }

    /// <summary>
    /// The exporter points repeated and recursive parts of a schema at its own root (<c>#/properties/…</c>); inside the
    /// document that root is <paramref name="root"/>, so every such pointer is moved under it.
    /// </summary>
    private static JsonNode Rebase(JsonNode schema, string root)
    {
        switch (schema)
        {
            case JsonObject o:
                if (o["$ref"] is JsonValue r && r.GetValue<string>() is var pointer && (pointer == "#" || pointer.StartsWith("#/", StringComparison.Ordinal)))
                {
                    o["$ref"] = root + pointer[1..];
                }

                foreach (var (_, value) in o.ToList())
                {
                    if (value is not null)
                    {
                        Rebase(value, root);
                    }
                }

                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    if (item is not null)
                    {
                        Rebase(item, root);
                    }
                }

                break;
        }

        return schema;
    }

    /// <summary>The document as JSON text.</summary>
    public static string Json(string prefix = "/api") => Document(prefix).ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    private static (int Status, Type[] Types)[] Errors(params int[] statuses) => [.. statuses.Select(s => (s, ProblemBody))];

    private static Dictionary<int, Type[]> Responses((int Status, Type[] Types)[] entries)
    {
        var map = entries.ToDictionary(e => e.Status, e => e.Types);

        // Every route answers 401 without the key when one is required (another method on a route is 405, not listed).
        map.TryAdd(401, ProblemBody);
        return map;
    }

    private static string Description(int status) => status switch
    {
        200 => "OK",
        202 => "Accepted: poll the Location",
        400 => "Malformed request (the problem names the field)",
        401 => "Missing or wrong x-functions-key",
        404 => "Unknown function or execution",
        409 => "Conflict",
        410 => "The execution has already ended",
        412 => "If-Match does not match the stored ETag",
        413 => "Body over the endpoint's limit",
        415 => "Content-Type is not JSON",
        422 => "Values out of range, unknown region, or no feasible plan",
        503 => "Not configured, or too busy (Retry-After)",
        _ => "See docs/api.md",
    };
}
