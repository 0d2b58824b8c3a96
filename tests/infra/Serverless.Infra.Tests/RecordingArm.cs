using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.ResourceManager;

namespace Serverless.Infra.Tests;

/// <summary>
/// A recording HTTP transport that answers like ARM for one subscription: resource groups it is told exist, deployments
/// (those seeded as main.bicep would leave them, and those PUT through it, which succeed at once), and the Flex
/// Consumption sites those deployments name in their <c>appName</c> output. Every request is recorded.
/// </summary>
public sealed class RecordingArm : HttpMessageHandler
{
    private readonly string _subscription;
    private readonly HashSet<string> _groups = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<(string Group, string Name), string> _deployments = [];
    private readonly Dictionary<(string Group, string App), JsonObject> _sites = [];
    private readonly Func<JsonObject, string> _appNameOf;

    /// <param name="subscription">The subscription id answered for.</param>
    /// <param name="appNameOf">The <c>appName</c> output of a deployment PUT through this transport, from its request body.</param>
    public RecordingArm(string subscription, Func<JsonObject, string> appNameOf)
    {
        _subscription = subscription;
        _appNameOf = appNameOf;
    }

    public List<RecordedRequest> Requests { get; } = [];

    public void AddGroup(string group) => _groups.Add(group);

    /// <summary>A deployment that exists with output <c>appName</c>, and that app on Flex Consumption.</summary>
    public void AddDeployment(string group, string name, string appName)
    {
        _groups.Add(group);
        _deployments[(group.ToLowerInvariant(), name)] = appName;
        _sites[(group.ToLowerInvariant(), appName)] = new JsonObject
        {
            ["name"] = appName,
            ["properties"] = new JsonObject
            {
                ["functionAppConfig"] = JsonNode.Parse("""{"scaleAndConcurrency":{"maximumInstanceCount":100,"instanceMemoryMB":2048},"runtime":{"name":"dotnet-isolated","version":"10.0"}}"""),
            },
        };
    }

    public ArmClientOptions ClientOptions()
    {
        var options = new ArmClientOptions { Transport = new HttpClientTransport(new HttpClient(this)) };
        options.Retry.MaxRetries = 0;
        return options;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Add(new RecordedRequest(request.Method, request.RequestUri!, body, request.Headers.Authorization?.ToString()));
        var segments = request.RequestUri!.AbsolutePath.Trim('/').Split('/');
        if (segments.Length < 4 || !string.Equals(segments[0], "subscriptions", StringComparison.OrdinalIgnoreCase) || segments[1] != _subscription
            || !string.Equals(segments[2], "resourceGroups", StringComparison.OrdinalIgnoreCase))
        {
            return Error(HttpStatusCode.BadRequest, "Unexpected", request.RequestUri.ToString());
        }

        var group = segments[3];
        if (!_groups.Contains(group))
        {
            return Error(HttpStatusCode.NotFound, "ResourceGroupNotFound", group);
        }

        var key = group.ToLowerInvariant();
        if (segments.Length == 4)
        {
            return Json(HttpStatusCode.OK, new JsonObject
            {
                ["id"] = $"/subscriptions/{_subscription}/resourceGroups/{group}",
                ["name"] = group,
                ["type"] = "Microsoft.Resources/resourceGroups",
                ["location"] = "westeurope",
                ["properties"] = new JsonObject { ["provisioningState"] = "Succeeded" },
            });
        }

        var resource = string.Join('/', segments[4..]);
        if (resource.StartsWith("providers/Microsoft.Resources/deployments/", StringComparison.Ordinal))
        {
            var name = segments[^1];
            if (request.Method == HttpMethod.Put)
            {
                var created = !_deployments.ContainsKey((key, name));
                var app = _appNameOf(JsonNode.Parse(body!)!.AsObject());
                AddDeployment(group, name, app);
                return Json(created ? HttpStatusCode.Created : HttpStatusCode.OK, Deployment(name, app));
            }

            return _deployments.TryGetValue((key, name), out var appName)
                ? Json(HttpStatusCode.OK, Deployment(name, appName))
                : Error(HttpStatusCode.NotFound, "DeploymentNotFound", name);
        }

        if (resource.StartsWith("providers/Microsoft.Web/sites/", StringComparison.Ordinal))
        {
            if (!_sites.TryGetValue((key, segments[^1]), out var site))
            {
                return Error(HttpStatusCode.NotFound, "ResourceNotFound", segments[^1]);
            }

            if (request.Method == HttpMethod.Patch)
            {
                site["properties"]!["functionAppConfig"] = JsonNode.Parse(body!)!["properties"]!["functionAppConfig"]!.DeepClone();
            }

            return Json(HttpStatusCode.OK, site);
        }

        return Error(HttpStatusCode.BadRequest, "Unexpected", resource);
    }

    private static JsonObject Deployment(string name, string appName) => new()
    {
        ["name"] = name,
        ["properties"] = new JsonObject
        {
            ["provisioningState"] = "Succeeded",
            ["outputs"] = new JsonObject { ["appName"] = new JsonObject { ["type"] = "String", ["value"] = appName } },
        },
    };

    private static HttpResponseMessage Json(HttpStatusCode status, JsonNode json)
        => new(status) { Content = new StringContent(json.ToJsonString(), Encoding.UTF8, "application/json") };

    private static HttpResponseMessage Error(HttpStatusCode status, string code, string message)
        => Json(status, new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } });
}

public sealed record RecordedRequest(HttpMethod Method, Uri Uri, string? Body, string? Authorization);

/// <summary>A credential that hands out a fixed bearer token (nothing reaches Entra ID).</summary>
public sealed class StaticTokenCredential : TokenCredential
{
    public const string Token = "test-token";

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) => new(Token, DateTimeOffset.MaxValue);

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) => new(GetToken(requestContext, cancellationToken));
}
