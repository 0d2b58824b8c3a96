using System.Text.Json.Nodes;

namespace Serverless.Infra.Tests;

/// <summary>
/// One ARM template in a tree of nested deployments (Bicep inlines every module as a
/// Microsoft.Resources/deployments resource with properties.template).
/// </summary>
/// <param name="Path">Symbolic path from the root, for example `main/regional/app`.</param>
/// <param name="Template">The template object.</param>
/// <param name="Deployment">The deployments resource that holds it; null for a root template.</param>
/// <param name="Parent">The template that declares that deployment; null for a root template.</param>
public sealed record TemplateNode(string Path, JsonObject Template, JsonObject? Deployment, TemplateNode? Parent)
{
    public const string DeploymentsType = "Microsoft.Resources/deployments";

    public static IEnumerable<TemplateNode> Walk(string rootName, JsonObject template)
    {
        var root = new TemplateNode(rootName, template, null, null);
        var stack = new Stack<TemplateNode>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            yield return node;
            foreach (var (name, resource) in Resources(node.Template))
            {
                if (Type(resource) == DeploymentsType && resource["properties"]?["template"] is JsonObject inner)
                {
                    stack.Push(new TemplateNode($"{node.Path}/{name}", inner, resource, node));
                }
            }
        }
    }

    /// <summary>Resources of a template as (symbolic name or index, resource), for both language versions.</summary>
    public static IEnumerable<(string Name, JsonObject Resource)> Resources(JsonObject template) =>
        template["resources"] switch
        {
            JsonObject symbolic => symbolic.Select(p => (p.Key, p.Value!.AsObject())),
            JsonArray array => array.Select((r, i) => (i.ToString(System.Globalization.CultureInfo.InvariantCulture), r!.AsObject())),
            _ => [],
        };

    public static string Type(JsonObject resource) => resource["type"]?.GetValue<string>() ?? "";

    public static bool IsExisting(JsonObject resource) => resource["existing"]?.GetValue<bool>() == true;

    public IEnumerable<(string Name, JsonObject Resource)> Resources() => Resources(Template);

    /// <summary>Resources of the given type this template declares (not `existing` references).</summary>
    public IEnumerable<(string Name, JsonObject Resource)> Declared(string type) =>
        Resources().Where(r => string.Equals(Type(r.Resource), type, StringComparison.OrdinalIgnoreCase) && !IsExisting(r.Resource));

    /// <summary>The nested deployment (module) with this symbolic name, or null.</summary>
    public JsonObject? Module(string symbolicName) =>
        Resources().Where(r => r.Name == symbolicName && Type(r.Resource) == DeploymentsType)
            .Select(r => r.Resource).FirstOrDefault();

    /// <summary>The value expression passed for parameter <paramref name="name"/> to this node's deployment.</summary>
    public JsonNode? ArgumentValue(string name) => Deployment?["properties"]?["parameters"]?[name]?["value"];

    /// <summary>This node's variable, resolved when it is a literal (for example a role definition id).</summary>
    public string? Variable(string name) => Template["variables"]?[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
