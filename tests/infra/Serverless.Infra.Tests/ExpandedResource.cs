using System.Text.Json.Nodes;

namespace Serverless.Infra.Tests;

/// <summary>One resource a deployment would create, with its evaluated name and target resource group.</summary>
/// <param name="Path">Where it is declared, for example `main/regional[1]/app/site`.</param>
/// <param name="Type">Resource type.</param>
/// <param name="Name">Evaluated name (child resources: `parent/child`).</param>
/// <param name="ResourceGroup">Evaluated resource group; `(subscription)` for subscription-scope resources.</param>
/// <param name="Resource">The resource declaration.</param>
/// <param name="Evaluator">Evaluator of the declaring template at this resource's copy index.</param>
public sealed record ExpandedResource(string Path, string Type, string Name, string ResourceGroup, JsonObject Resource, ArmEvaluator Evaluator)
{
    public const string SubscriptionScope = "(subscription)";

    /// <summary>
    /// Expands a template into the resources it creates: copy loops unrolled, conditions applied, names evaluated,
    /// nested deployments followed with their arguments. `existing` references are not resources it creates.
    /// </summary>
    public static IReadOnlyList<ExpandedResource> Expand(ArmEvaluator root, string rootPath)
    {
        var result = new List<ExpandedResource>();
        ExpandInto(result, root, rootPath);
        return result;
    }

    private static void ExpandInto(List<ExpandedResource> result, ArmEvaluator evaluator, string path)
    {
        foreach (var (symbol, resource) in TemplateNode.Resources(evaluator.Template))
        {
            if (TemplateNode.IsExisting(resource))
            {
                continue;
            }

            var copy = resource["copy"];
            var indexes = copy is null
                ? [null]
                : Enumerable.Range(0, (int)evaluator.Evaluate(copy["count"])!.GetValue<int>()).Select(i => (int?)i).ToList();
            foreach (var index in indexes)
            {
                var at = index is null ? evaluator : evaluator.WithCopyIndex(index.Value);
                if (resource["condition"] is JsonNode condition && !at.Evaluate(condition)!.GetValue<bool>())
                {
                    continue;
                }

                var here = index is null ? $"{path}/{symbol}" : $"{path}/{symbol}[{index}]";
                var type = TemplateNode.Type(resource);
                var group = type == TemplateNode.DeploymentsType && resource["resourceGroup"] is JsonNode rg
                    ? at.EvaluateToString(rg)
                    : evaluator.ResourceGroupName;
                result.Add(new ExpandedResource(here, type, at.EvaluateToString(resource["name"]), group, resource, at));
                if (type == TemplateNode.DeploymentsType && resource["properties"]?["template"] is JsonObject)
                {
                    ExpandInto(result, evaluator.ForModule(resource, index), here);
                }
            }
        }
    }
}
