using System.Text.Json.Nodes;

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
}
