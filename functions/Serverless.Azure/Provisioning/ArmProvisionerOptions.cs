using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;

namespace Serverless.Azure.Provisioning;

/// <summary>
/// Where and what the ARM provisioner deploys: the subscription and resource group of the regional apps, the compiled
/// Bicep template (ARM JSON of infra/regional-app.bicep), and extra template parameters.
/// </summary>
public sealed class ArmProvisionerOptions
{
    /// <summary>Subscription id (GUID) of the regional apps (<c>Serverless__SubscriptionId</c>).</summary>
    public required string SubscriptionId { get; init; }

    /// <summary>Resource group of the regional apps (<c>Serverless__ResourceGroup</c>).</summary>
    public required string ResourceGroup { get; init; }

    /// <summary>The compiled template (the JSON <c>bicep build</c> writes).</summary>
    public required string TemplateJson { get; init; }

    /// <summary>Parameter values passed with every deployment (only those the template declares are sent).</summary>
    public IReadOnlyDictionary<string, JsonNode?> Parameters { get; init; } = new Dictionary<string, JsonNode?>();

    /// <summary>ARM endpoint (public cloud by default).</summary>
    public Uri Endpoint { get; init; } = new("https://management.azure.com");

    /// <summary>The api-version of <c>Microsoft.Resources/deployments</c>.</summary>
    public string DeploymentsApiVersion { get; init; } = "2024-03-01";

    /// <summary>How often to poll a running deployment when ARM gives no Retry-After.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The api-version of <c>Microsoft.Web/sites</c> (read and patched to scale a region).</summary>
    public string SitesApiVersion { get; init; } = "2024-11-01";

    /// <summary>
    /// The Flex Consumption always-ready group <see cref="ArmProvisioner.ScaleAsync"/> sets (<c>http</c>, <c>durable</c>,
    /// <c>blob</c> or <c>function:{name}</c>); the regional app's health endpoint makes <c>http</c> present in every app.
    /// </summary>
    public string AlwaysReadyGroup { get; init; } = "http";

    /// <summary>How long to wait for a deployment before giving up.</summary>
    public TimeSpan DeploymentTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>The template path used when <c>Serverless__DeploymentTemplatePath</c> is not set.</summary>
    public const string DefaultTemplatePath = "infra/regional-app.json";

    /// <summary>
    /// The options the app's settings describe (the <c>Serverless</c> section: <c>SubscriptionId</c>, <c>ResourceGroup</c>,
    /// <c>DeploymentTemplatePath</c> and every non-empty <c>DeploymentParameters:{name}</c>), or null when no subscription
    /// or resource group is set (the app then has no provisioner). A relative template path is read from
    /// <paramref name="baseDirectory"/> (the app's <see cref="AppContext.BaseDirectory"/>), never from the working directory.
    /// </summary>
    public static ArmProvisionerOptions? FromSettings(IConfiguration serverless, string? baseDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(serverless);
        var subscription = serverless["SubscriptionId"]?.Trim();
        var group = serverless["ResourceGroup"]?.Trim();
        if (string.IsNullOrEmpty(subscription) || string.IsNullOrEmpty(group))
        {
            return null;
        }

        var configured = serverless["DeploymentTemplatePath"]?.Trim();
        var path = string.IsNullOrEmpty(configured) ? DefaultTemplatePath : configured;
        var full = Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(baseDirectory ?? AppContext.BaseDirectory, path));
        if (!File.Exists(full))
        {
            throw new InvalidOperationException(
                $"Serverless__DeploymentTemplatePath is '{path}', but '{full}' does not exist; publish the app with infra/regional-app.json " +
                "(the Functions project copies it) or set the path, relative to the app's folder, of the compiled regional template.");
        }

        var parameters = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var child in serverless.GetSection("DeploymentParameters").GetChildren())
        {
            if (!string.IsNullOrWhiteSpace(child.Value))
            {
                parameters[child.Key] = JsonValue.Create(child.Value.Trim());
            }
        }

        return new ArmProvisionerOptions
        {
            SubscriptionId = subscription,
            ResourceGroup = group,
            TemplateJson = File.ReadAllText(full),
            Parameters = parameters,
        };
    }
}
