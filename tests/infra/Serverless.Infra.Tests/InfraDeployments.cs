using System.Text.Json.Nodes;

namespace Serverless.Infra.Tests;

/// <summary>Evaluated views of the compiled templates: what main.json or regional-app.json would create.</summary>
public static class InfraDeployments
{
    public const string SitesType = "Microsoft.Web/sites";
    public const string RoleAssignmentsType = "Microsoft.Authorization/roleAssignments";
    public const string IdentitiesType = "Microsoft.ManagedIdentity/userAssignedIdentities";
    public const string QueuesType = "Microsoft.ServiceBus/namespaces/queues";

    public static string ParametersFilePath => Path.Combine(RepositoryPaths.Infra, "main.parameters.json");

    /// <summary>The parameter values of infra/main.parameters.json as azd passes them (placeholders filled from
    /// <paramref name="environment"/>, by default <see cref="AzdEnvironment.Default"/>).</summary>
    public static Dictionary<string, JsonNode?> ParametersFile(IReadOnlyDictionary<string, string>? environment = null)
    {
        var text = AzdEnvironment.Substitute(File.ReadAllText(ParametersFilePath), environment ?? AzdEnvironment.Default);
        var file = JsonNode.Parse(text)!["parameters"]!.AsObject();
        return file.ToDictionary(p => p.Key, p => p.Value?["value"]?.DeepClone(), StringComparer.OrdinalIgnoreCase);
    }

    public static IReadOnlyList<ExpandedResource> ExpandMain(JsonObject main, IReadOnlyDictionary<string, JsonNode?> arguments) =>
        ExpandedResource.Expand(new ArmEvaluator(main, arguments, ExpandedResource.SubscriptionScope), "main");

    public static IReadOnlyList<ExpandedResource> ExpandRegional(JsonObject regional, IReadOnlyDictionary<string, JsonNode?> arguments, string resourceGroup) =>
        ExpandedResource.Expand(new ArmEvaluator(regional, arguments, resourceGroup), "regional-app");

    public static IEnumerable<ExpandedResource> OfType(this IEnumerable<ExpandedResource> resources, string type) =>
        resources.Where(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase));

    /// <summary>The raw (unevaluated) app settings of a site.</summary>
    public static Dictionary<string, JsonNode?> RawSettings(this ExpandedResource site) =>
        SecretScanner.AppSettings(site.Resource).ToDictionary(s => s.Name, s => s.Value, StringComparer.Ordinal);

    /// <summary>An app setting of a site, evaluated for this deployment.</summary>
    public static string Setting(this ExpandedResource site, string name) =>
        site.Evaluator.EvaluateToString(site.RawSettings()[name]);

    /// <summary>The last segment of a resource id or child resource name.</summary>
    public static string Leaf(string name) => name[(name.LastIndexOf('/') + 1)..];
}
