using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.ResourceManager;
using Azure.ResourceManager.Resources;
using Serverless.Orchestrations.Ports;

namespace Serverless.Azure.Provisioning;

/// <summary>
/// Deploys or updates a region's app from the compiled Bicep template through ARM: ArmClient → subscription → resource
/// group (must exist), then an incremental deployment named <c>serverless-{region}</c> (PUT
/// <c>Microsoft.Resources/deployments</c>, polled to a terminal state). Idempotent: the same region always maps to the
/// same deployment name, and a region whose deployment succeeded with the same template and parameters (its
/// <see cref="FingerprintTag"/>) and whose app still exists is not deployed again (outcome <c>unchanged</c>).
/// The deployments resource type ships in Azure.ResourceManager.Resources, which our feed does not serve, so the PUT
/// goes through an Azure.Core pipeline built from the same <see cref="ArmClientOptions"/> (transport, retries, auth).
/// <see cref="ScaleAsync"/> reads the region's app name from that deployment's outputs (<c>appName</c>), reads the
/// site, and PATCHes its <c>functionAppConfig</c> with the always-ready instance count of
/// <see cref="ArmProvisionerOptions.AlwaysReadyGroup"/> (other groups and settings unchanged).
/// </summary>
public sealed partial class ArmProvisioner : IProvisioner
{
    private const string Scope = "https://management.azure.com/.default";

    /// <summary>The deployment tag holding <see cref="Fingerprint"/> of what was deployed.</summary>
    public const string FingerprintTag = "serverless-fingerprint";
    private static readonly string[] RegionParameterNames = ["region", "location", "regionName"];

    private readonly ArmClient _arm;
    private readonly HttpPipeline _pipeline;
    private readonly ArmProvisionerOptions _options;
    private readonly JsonObject _declaredParameters;
    private readonly JsonObject _parameters;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, VirtualFunction> _registered = new(StringComparer.Ordinal);

    public ArmProvisioner(TokenCredential credential, ArmProvisionerOptions options, ArmClientOptions? clientOptions = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentNullException.ThrowIfNull(options);
        if (!Guid.TryParse(options.SubscriptionId, out _))
        {
            throw new ArgumentException($"Serverless__SubscriptionId '{options.SubscriptionId}' is not a subscription id (a GUID).", nameof(options));
        }

        if (!ResourceGroupPattern().IsMatch(options.ResourceGroup))
        {
            throw new ArgumentException($"Serverless__ResourceGroup '{options.ResourceGroup}' is not a resource group name (1–90 letters, digits, '.', '_', '-', '(', ')').", nameof(options));
        }

        JsonNode? template;
        try
        {
            template = JsonNode.Parse(options.TemplateJson);
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"The deployment template is not JSON ({ex.Message}); pass the output of 'bicep build'.", nameof(options), ex);
        }

        _declaredParameters = template?["parameters"] as JsonObject ?? [];
        _parameters = TypedParameters(options.Parameters, _declaredParameters);
        _options = options;
        _time = time ?? TimeProvider.System;
        clientOptions ??= new ArmClientOptions();
        _arm = new ArmClient(credential, options.SubscriptionId, clientOptions);
        _pipeline = HttpPipelineBuilder.Build(clientOptions, new BearerTokenAuthenticationPolicy(credential, Scope));
    }

    /// <summary>The deployment name of a region (region names are validated: lowercase letters, digits, '-').</summary>
    public static string DeploymentNameFor(string region)
        => IsRegion(region) ? $"serverless-{region}" : throw new ArgumentException($"'{region}' is not a region name.", nameof(region));

    public async Task<RegionDeployment> DeployAsync(DeploymentRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var name = DeploymentNameFor(request.Region);
        var group = await GroupAsync(cancellationToken).ConfigureAwait(false);

        var uri = new Uri(_options.Endpoint, $"{group.Id}/providers/Microsoft.Resources/deployments/{name}?api-version={_options.DeploymentsApiVersion}");
        var template = JsonNode.Parse(_options.TemplateJson)!;
        var parameters = Parameters(request);
        var fingerprint = Fingerprint(template, parameters);
        if (await IsDeployedAsync(group, uri, fingerprint, cancellationToken).ConfigureAwait(false))
        {
            Register(request);
            return new RegionDeployment(request.Region, name, "unchanged", request.Functions);
        }

        var body = new JsonObject
        {
            ["properties"] = new JsonObject
            {
                ["mode"] = "Incremental",
                ["template"] = template,
                ["parameters"] = parameters,
            },
            ["tags"] = new JsonObject { ["serverless-region"] = request.Region, [FingerprintTag] = fingerprint },
        };

        using var put = _pipeline.CreateMessage();
        put.Request.Method = RequestMethod.Put;
        put.Request.Uri.Reset(uri);
        put.Request.Headers.Add("Content-Type", "application/json");
        put.Request.Content = RequestContent.Create(BinaryData.FromString(body.ToJsonString()));
        await _pipeline.SendAsync(put, cancellationToken).ConfigureAwait(false);
        var created = put.Response.Status == 201;
        if (put.Response.IsError)
        {
            throw new RequestFailedException(put.Response);
        }

        var state = ProvisioningState(put.Response.Content);
        var deadline = _time.GetUtcNow() + _options.DeploymentTimeout;
        while (state is not ("Succeeded" or "Failed" or "Canceled"))
        {
            if (_time.GetUtcNow() > deadline)
            {
                throw new TimeoutException($"Deployment '{name}' did not finish within {_options.DeploymentTimeout}; see the resource group's deployments in the portal.");
            }

            await Task.Delay(_options.PollInterval, _time, cancellationToken).ConfigureAwait(false);
            using var get = _pipeline.CreateMessage();
            get.Request.Method = RequestMethod.Get;
            get.Request.Uri.Reset(uri);
            await _pipeline.SendAsync(get, cancellationToken).ConfigureAwait(false);
            if (get.Response.IsError)
            {
                throw new RequestFailedException(get.Response);
            }

            state = ProvisioningState(get.Response.Content);
        }

        if (state != "Succeeded")
        {
            throw new InvalidOperationException($"Deployment '{name}' to region {request.Region} ended {state}; see its operations in resource group '{_options.ResourceGroup}'.");
        }

        Register(request);
        return new RegionDeployment(request.Region, name, created ? "created" : "updated", request.Functions);
    }

    private void Register(DeploymentRequest request)
    {
        foreach (var function in request.Functions)
        {
            _registered[function.Id] = function;
        }
    }

    /// <summary>
    /// Whether the region already runs exactly this deployment: its deployment succeeded with the same template and
    /// parameters (the fingerprint tag written with it), and the app it created (output <c>appName</c>) still exists.
    /// A region deployed by <c>azd</c>/Bicep without the tag, a changed template or function list, a failed deployment
    /// or a deleted app are deployed again.
    /// </summary>
    private async Task<bool> IsDeployedAsync(ResourceGroupResource group, Uri deploymentUri, string fingerprint, CancellationToken cancellationToken)
    {
        var deployment = await GetJsonAsync(deploymentUri, cancellationToken).ConfigureAwait(false);
        if (deployment?["properties"]?["provisioningState"]?.GetValue<string>() != "Succeeded"
            || deployment["tags"]?[FingerprintTag]?.GetValue<string>() != fingerprint
            || deployment["properties"]?["outputs"]?["appName"]?["value"]?.GetValue<string>() is not { Length: > 0 } appName)
        {
            return false;
        }

        var site = new Uri(_options.Endpoint, $"{group.Id}/providers/Microsoft.Web/sites/{Uri.EscapeDataString(appName)}?api-version={_options.SitesApiVersion}");
        return await GetJsonAsync(site, cancellationToken).ConfigureAwait(false) is not null;
    }

    /// <summary>SHA-256 of the template and the parameters as sent (both serialised the same way every time).</summary>
    private static string Fingerprint(JsonNode template, JsonObject parameters)
        => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(template.ToJsonString() + "\n" + parameters.ToJsonString())));

    public Task<IReadOnlyList<VirtualFunction>> ListAsync(string functionId, CancellationToken cancellationToken = default)
        => Task.FromResult<IReadOnlyList<VirtualFunction>>([.. _registered.Values.Where(v => v.FunctionId == functionId).OrderBy(v => v.Id, StringComparer.Ordinal)]);

    public async Task ScaleAsync(string region, int instances, CancellationToken cancellationToken = default)
    {
        var name = DeploymentNameFor(region);
        if (instances is < 0 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(instances), instances, $"The instance count for region {region} must be between 0 and 1000.");
        }

        var group = await GroupAsync(cancellationToken).ConfigureAwait(false);
        var deployment = await GetJsonAsync(new Uri(_options.Endpoint, $"{group.Id}/providers/Microsoft.Resources/deployments/{name}?api-version={_options.DeploymentsApiVersion}"), cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Region {region} has no deployment '{name}' in resource group '{_options.ResourceGroup}'; deploy it before scaling.");
        var appName = deployment["properties"]?["outputs"]?["appName"]?["value"]?.GetValue<string>()
            ?? throw new InvalidOperationException($"Deployment '{name}' has no output 'appName'; redeploy region {region} with the current template (infra/regional-app.bicep).");
        var siteUri = new Uri(_options.Endpoint, $"{group.Id}/providers/Microsoft.Web/sites/{Uri.EscapeDataString(appName)}?api-version={_options.SitesApiVersion}");
        var site = await GetJsonAsync(siteUri, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The app '{appName}' of region {region} does not exist in resource group '{_options.ResourceGroup}'; redeploy the region.");
        if (site["properties"]?["functionAppConfig"]?.DeepClone() is not JsonObject config)
        {
            throw new InvalidOperationException($"The app '{appName}' of region {region} has no functionAppConfig: it is not on a Flex Consumption plan, whose always-ready instances the autoscaler sets.");
        }

        if (config["scaleAndConcurrency"] is not JsonObject scale)
        {
            config["scaleAndConcurrency"] = scale = [];
        }

        var ready = new JsonArray();
        foreach (var entry in (scale["alwaysReady"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (!string.Equals(entry["name"]?.GetValue<string>(), _options.AlwaysReadyGroup, StringComparison.OrdinalIgnoreCase))
            {
                ready.Add(entry.DeepClone());
            }
        }

        ready.Add(new JsonObject { ["name"] = _options.AlwaysReadyGroup, ["instanceCount"] = instances });
        scale["alwaysReady"] = ready;
        using var patch = _pipeline.CreateMessage();
        patch.Request.Method = RequestMethod.Patch;
        patch.Request.Uri.Reset(siteUri);
        patch.Request.Headers.Add("Content-Type", "application/json");
        patch.Request.Content = RequestContent.Create(BinaryData.FromString(new JsonObject { ["properties"] = new JsonObject { ["functionAppConfig"] = config } }.ToJsonString()));
        await _pipeline.SendAsync(patch, cancellationToken).ConfigureAwait(false);
        if (patch.Response.IsError)
        {
            throw new RequestFailedException(patch.Response);
        }
    }

    private async Task<ResourceGroupResource> GroupAsync(CancellationToken cancellationToken)
    {
        var subscription = _arm.GetSubscriptionResource(SubscriptionResource.CreateResourceIdentifier(_options.SubscriptionId));
        try
        {
            return (await subscription.GetResourceGroups().GetAsync(_options.ResourceGroup, cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            throw new InvalidOperationException($"Resource group '{_options.ResourceGroup}' does not exist in subscription {_options.SubscriptionId}; create it (infra/main.bicep) before deploying.", ex);
        }
    }

    /// <summary>GET through the pipeline; null on 404, the JSON body otherwise.</summary>
    private async Task<JsonNode?> GetJsonAsync(Uri uri, CancellationToken cancellationToken)
    {
        using var get = _pipeline.CreateMessage();
        get.Request.Method = RequestMethod.Get;
        get.Request.Uri.Reset(uri);
        await _pipeline.SendAsync(get, cancellationToken).ConfigureAwait(false);
        if (get.Response.Status == 404)
        {
            return null;
        }

        if (get.Response.IsError)
        {
            throw new RequestFailedException(get.Response);
        }

        return JsonNode.Parse(get.Response.Content.ToString());
    }

    private static bool IsRegion(string region) => region is { Length: > 0 and <= 40 } && RegionPattern().IsMatch(region);

    private static string? ProvisioningState(BinaryData content)
    {
        try
        {
            return JsonNode.Parse(content.ToString())?["properties"]?["provisioningState"]?.GetValue<string>();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private JsonObject Parameters(DeploymentRequest request)
    {
        var parameters = (JsonObject)_parameters.DeepClone();
        foreach (var key in RegionParameterNames.Where(_declaredParameters.ContainsKey))
        {
            parameters[key] = new JsonObject { ["value"] = request.Region };
        }

        // The new app's list of regions (Serverless__Regions) includes its own.
        if (IsArray(_declaredParameters, "regions"))
        {
            var regions = parameters["regions"]?["value"] as JsonArray ?? [];
            if (!regions.Any(r => r is JsonValue v && v.TryGetValue<string>(out var name) && name == request.Region))
            {
                regions = (JsonArray)regions.DeepClone();
                regions.Add(request.Region);
            }

            parameters["regions"] = new JsonObject { ["value"] = regions.DeepClone() };
        }

        if (_declaredParameters.ContainsKey("virtualFunctions"))
        {
            parameters["virtualFunctions"] = new JsonObject { ["value"] = new JsonArray([.. request.Functions.Select(f => (JsonNode?)JsonValue.Create(f.Id))]) };
        }

        return parameters;
    }

    /// <summary>
    /// The configured parameters the template declares, each converted to the declared type: settings are strings, so
    /// <c>int</c> and <c>bool</c> are parsed, and an <c>array</c> is JSON or a comma-separated list (as <c>Serverless__Regions</c>).
    /// </summary>
    private static JsonObject TypedParameters(IReadOnlyDictionary<string, JsonNode?> configured, JsonObject declared)
    {
        var parameters = new JsonObject();
        foreach (var (key, value) in configured.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (declared[key] is JsonObject definition)
            {
                parameters[key] = new JsonObject { ["value"] = Typed(key, value, definition["type"]?.GetValue<string>()) };
            }
        }

        return parameters;
    }

    private static JsonNode? Typed(string key, JsonNode? value, string? type)
    {
        if (value is not JsonValue v || !v.TryGetValue<string>(out var text))
        {
            return value?.DeepClone();
        }

        var expected = type?.ToLowerInvariant();
        try
        {
            return expected switch
            {
                "int" => JsonValue.Create(long.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture)),
                "bool" => JsonValue.Create(bool.Parse(text)),
                "array" when text.TrimStart().StartsWith('[') => JsonNode.Parse(text) as JsonArray ?? throw new FormatException("not a JSON array"),
                "array" => new JsonArray([.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(x => (JsonNode?)JsonValue.Create(x))]),
                "object" => JsonNode.Parse(text) as JsonObject ?? throw new FormatException("not a JSON object"),
                _ => JsonValue.Create(text),
            };
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or JsonException)
        {
            throw new ArgumentException($"Serverless__DeploymentParameters__{key} is '{text}', but the template's parameter '{key}' is of type {type}; set a value of that type.", "options", ex);
        }
    }

    private static bool IsArray(JsonObject declared, string key)
        => string.Equals(declared[key]?["type"]?.GetValue<string>(), "array", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]*[a-z0-9])?$", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex RegionPattern();

    [GeneratedRegex(@"^[-\w._()]{1,90}$", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex ResourceGroupPattern();
}
