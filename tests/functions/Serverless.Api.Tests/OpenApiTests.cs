using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Api.Tests.Doubles;
using Serverless.Local.Serve;

namespace Serverless.Api.Tests;

/// <summary>
/// <c>GET /api/openapi.json</c>: an OpenAPI 3.1 document that lists exactly the routes the API maps, and whose
/// schemas the API's real answers (successes and problems) validate against, route by route and status by status.
/// </summary>
public sealed partial class OpenApiTests
{
    private const string Sum = TestFunctions.SumOfSquares;
    private static int _schemas;

    [Fact]
    public async Task Document_ListsExactlyTheMappedRoutesAndMethods_AsOpenApi31()
    {
        await using var host = await ApiHost.StartAsync();
        var response = await host.Client.GetAsync("/api/openapi.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.StartsWith("3.1", document["openapi"]!.GetValue<string>(), StringComparison.Ordinal);

        var documented = document["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Select(m => $"{m.Key.ToUpperInvariant()} {p.Key}"))
            .Order(StringComparer.Ordinal)
            .ToList();
        var mapped = ServerlessApiEndpoints.Routes.SelectMany(r => r.Methods.Select(m => $"{m} /api/{r.Route}")).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(mapped, documented);

        // Every $ref points at a schema the document holds; every request body refuses unknown members.
        var text = document.ToJsonString();
        foreach (Match m in RefPattern().Matches(text))
        {
            Assert.NotNull(document["components"]!["schemas"]![m.Groups[1].Value]);
        }

        foreach (var name in new[] { "SubmitRequest", "AnnotationUpdateRequest", "AnalyzeRequest", "DeployRequest" })
        {
            Assert.False(document["components"]!["schemas"]![name]!["additionalProperties"]!.GetValue<bool>(), name);
        }
    }

    [Fact]
    public async Task EveryAnswerOfTheApi_ValidatesAgainstTheDocumentsSchemaForItsRouteAndStatus()
    {
        await using var host = await ApiHost.StartAsync();
        var document = JsonNode.Parse(await host.Client.GetStringAsync("/api/openapi.json"))!.AsObject();
        var validated = new HashSet<string>(StringComparer.Ordinal);

        async Task<JsonElement?> Check(HttpMethod method, string path, string? body = null, params (string Name, string Value)[] headers)
        {
            using var request = new HttpRequestMessage(method, path);
            if (body is not null)
            {
                request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            }

            foreach (var (name, value) in headers)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            var response = await host.Client.SendAsync(request);
            var status = (int)response.StatusCode;
            var operation = Operation(document, method.Method, new Uri(new Uri("http://x"), path).AbsolutePath);
            var declared = operation["responses"]![status.ToString(System.Globalization.CultureInfo.InvariantCulture)];
            Assert.True(declared is not null, $"{method} {path} answered {status}, which the document does not declare for it");
            var mediaType = response.Content.Headers.ContentType?.MediaType ?? string.Empty;
            if (declared!["content"] is not JsonObject content || mediaType is not ("application/json" or "application/problem+json"))
            {
                return null;
            }

            Assert.True(content[mediaType] is not null, $"{method} {path} {status} answered {mediaType}, which the document does not declare");
            var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
            var schema = content[mediaType]!["schema"]!;
            var results = SchemaFor(document, schema).Evaluate(json, new EvaluationOptions { OutputFormat = OutputFormat.List });
            Assert.True(results.IsValid, $"{method} {path} {status}: the body does not match the document's schema: {JsonSerializer.Serialize(results)}\nbody: {json}");
            validated.Add($"{method.Method} {status} {operation["operationId"]}");
            return json;
        }

        await Check(HttpMethod.Get, "/api/functions");
        await Check(HttpMethod.Get, "/api/openapi.json");
        await MarketAuctions.RunOneAsync(host.Services.GetRequiredService<EngineHost>().Market, "openapi-auction");
        var market = (await Check(HttpMethod.Get, "/api/market"))!.Value;
        Assert.NotEmpty(market.GetProperty("auctions").EnumerateArray());
        var view = (await Check(HttpMethod.Get, $"/api/annotation/{Sum}"))!.Value;
        await Check(HttpMethod.Get, "/api/annotation/No.Such.Function");
        await Check(HttpMethod.Post, "/api/annotation/update", $$$"""{"function":"{{{Sum}}}","geoPreference":{"regions":["eastus"],"strict":false}}""", ("If-Match", view.GetProperty("eTag").GetString()!));
        await Check(HttpMethod.Post, "/api/annotation/update", $$$"""{"function":"{{{Sum}}}","splitable":true}""", ("If-Match", view.GetProperty("eTag").GetString()!)); // stale: 412
        await Check(HttpMethod.Post, "/api/annotation/update", $$$"""{"function":"{{{Sum}}}","colour":"red"}""");
        await Check(HttpMethod.Post, "/api/annotation/update", $$$"""{"function":"{{{Sum}}}","resourceConstraint":{"memoryMb":1,"timeoutSeconds":1}}""");
        await Check(HttpMethod.Post, "/api/split/analyze", $$$"""{"function":"{{{Sum}}}"}""");
        await Check(HttpMethod.Post, "/api/split/analyze", "[1]");
        await Check(HttpMethod.Post, "/api/function/deploy", $$$"""{"function":"{{{Sum}}}"}""");
        await Check(HttpMethod.Post, "/api/function/deploy", $$$"""{"function":"{{{Sum}}}","regions":["mars"]}""");
        await Check(HttpMethod.Get, $"/api/function/{Sum}");
        await Check(HttpMethod.Get, $"/api/function/{TestFunctions.Shout}"); // nothing deployed: 404
        await Check(HttpMethod.Get, "/api/function/not%20an%20id");
        var submitted = (await Check(HttpMethod.Post, "/api/execution/submit", $$$"""{"function":"{{{Sum}}}","arguments":{"a":1,"b":2},"id":"openapi-1"}"""))!.Value;
        await Check(HttpMethod.Post, "/api/execution/submit", $$$"""{"function":"{{{Sum}}}","arguments":{"a":9,"b":2},"id":"openapi-1"}"""); // 409
        await Check(HttpMethod.Post, "/api/execution/submit", $$$"""{"function":"{{{Sum}}}","arguments":{"a":"x","b":2}}""");
        var id = submitted.GetProperty("id").GetString();
        await Check(HttpMethod.Get, $"/api/execution/{id}");
        await Check(HttpMethod.Get, "/api/execution/unknown-id");
        await Check(HttpMethod.Get, $"/api/execution/{id}?format=gif");
        await Check(HttpMethod.Get, "/api/executions?top=5");
        await Check(HttpMethod.Get, "/api/executions?top=0");
        await Check(HttpMethod.Get, "/api/executions?runtimeStatus=Sleeping");
        host.Executions.Hold = true;
        var held = (await Check(HttpMethod.Post, "/api/execution/submit", $$$"""{"function":"{{{Sum}}}","arguments":{"a":3,"b":4}}"""))!.Value.GetProperty("id").GetString();
        await Check(HttpMethod.Get, $"/api/execution/{held}");
        await Check(HttpMethod.Delete, $"/api/execution/{held}"); // 409 while it runs
        await Check(HttpMethod.Post, $"/api/execution/{held}/suspend");
        await Check(HttpMethod.Post, $"/api/execution/{held}/resume");
        await Check(HttpMethod.Post, $"/api/execution/{held}/terminate?reason=test");
        await Check(HttpMethod.Post, $"/api/execution/{held}/terminate"); // 410
        await Check(HttpMethod.Post, $"/api/execution/{held}/suspend"); // 410
        await Check(HttpMethod.Delete, $"/api/execution/{held}");

        // A success of every operation was validated, and problems of several kinds.
        var operations = document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Select(m => m.Value!["operationId"]!.GetValue<string>())).ToList();
        foreach (var operation in operations)
        {
            Assert.True(
                validated.Any(v => v.EndsWith(" " + operation, StringComparison.Ordinal) && (v.Contains(" 200 ", StringComparison.Ordinal) || v.Contains(" 202 ", StringComparison.Ordinal))),
                $"no success of {operation} was validated; validated: {string.Join(", ", validated)}");
        }

        foreach (var status in new[] { 400, 404, 409, 410, 412, 422 })
        {
            Assert.Contains(validated, v => v.Contains($" {status} ", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Schemas_RejectWhatTheApiRejects_AUnknownMemberAndAMissingRequiredOne()
    {
        var document = OpenApi.ServerlessOpenApi.Document();
        var submit = SchemaFor(document, new JsonObject { ["$ref"] = "#/components/schemas/SubmitRequest" });
        Assert.True(submit.Evaluate(JsonDocument.Parse("""{"function":"A.B.C","arguments":{}}""").RootElement, EvaluationOptions.Default).IsValid);
        Assert.False(submit.Evaluate(JsonDocument.Parse("""{"function":"A.B.C","arguments":{},"extra":1}""").RootElement, EvaluationOptions.Default).IsValid);
        Assert.False(submit.Evaluate(JsonDocument.Parse("""{"arguments":{}}""").RootElement, EvaluationOptions.Default).IsValid);
    }

    /// <summary>The operation of the document whose path template matches <paramref name="path"/>.</summary>
    private static JsonNode Operation(JsonObject document, string method, string path)
    {
        foreach (var (template, item) in document["paths"]!.AsObject())
        {
            var pattern = "^" + Regex.Replace(Regex.Escape(template), @"\\\{[^}]*}", "[^/]+") + "$";
            if (Regex.IsMatch(path, pattern) && item![method.ToLowerInvariant()] is { } operation)
            {
                // A fixed path wins over a template (execution/{id} does not swallow executions).
                if (!template.Contains('{', StringComparison.Ordinal) || !document["paths"]!.AsObject().Any(p => p.Key == path))
                {
                    return operation;
                }
            }
        }

        throw new Xunit.Sdk.XunitException($"the document has no operation {method} {path}");
    }

    /// <summary>A schema that is <paramref name="schema"/> with the document's components as its <c>$defs</c>.</summary>
    private static JsonSchema SchemaFor(JsonObject document, JsonNode schema)
    {
        var root = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$defs"] = document["components"]!["schemas"]!.DeepClone(),
            ["allOf"] = new JsonArray(schema.DeepClone()),
        };
        var text = root.ToJsonString().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal);
        return JsonSchema.FromText(text, BuildOptions.Default, new Uri($"https://serverless.test/schema/{Interlocked.Increment(ref _schemas)}"));
    }

    [GeneratedRegex("\"\\$ref\":\"#/components/schemas/([^\"/]+)")]
    private static partial Regex RefPattern();
}
