using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Serverless.Infra.Tests;

/// <summary>
/// Finds credentials in a compiled ARM template: in function app settings, in outputs, and any ARM `list*`
/// function (listKeys, listConnectionStrings, listAccountSas, ...) anywhere. Each finding names where it is.
/// </summary>
public static partial class SecretScanner
{
    public const string SitesType = "Microsoft.Web/sites";

    /// <summary>Text that only a credential or a credential-bearing connection string contains.</summary>
    private static readonly string[] _credentialMarkers =
    [
        "AccountKey=",
        "SharedAccessKey",
        "SharedAccessSignature",
        "DefaultEndpointsProtocol=",
        "Endpoint=sb://",
        "Password=",
        "sig=",
        "ClientSecret",
    ];

    /// <summary>Setting or output names that suggest a secret; their value must be empty.</summary>
    private static readonly string[] _secretNameParts = ["connection", "key", "secret", "password", "token", "sas"];

    public static IReadOnlyList<string> Scan(string where, JsonObject template)
    {
        var findings = new List<string>();
        findings.AddRange(ListFunctions(where, template));
        foreach (var (name, resource) in TemplateNode.Resources(template))
        {
            if (string.Equals(TemplateNode.Type(resource), SitesType, StringComparison.OrdinalIgnoreCase))
            {
                findings.AddRange(AppSettings(resource).SelectMany(s => SettingFindings(where, name, template, s.Name, s.Value)));
            }
        }

        if (template["outputs"] is JsonObject outputs)
        {
            foreach (var (name, output) in outputs)
            {
                findings.AddRange(OutputFindings(where, name, output!.AsObject()));
            }
        }

        return findings;
    }

    /// <summary>The literal app settings of a site resource as (name, value) pairs.</summary>
    public static IEnumerable<(string Name, JsonNode? Value)> AppSettings(JsonObject site)
    {
        if (site["properties"]?["siteConfig"]?["appSettings"] is not JsonArray settings)
        {
            yield break;
        }

        foreach (var setting in settings.OfType<JsonObject>())
        {
            yield return (setting["name"]?.GetValue<string>() ?? "", setting["value"]);
        }
    }

    private static IEnumerable<string> SettingFindings(string where, string site, JsonObject template, string name, JsonNode? value)
    {
        var text = value?.ToJsonString() ?? "";
        foreach (var marker in _credentialMarkers.Where(m => text.Contains(m, StringComparison.OrdinalIgnoreCase)))
        {
            yield return $"{where}: site '{site}' app setting '{name}' contains '{marker}'.";
        }

        if (LooksSecret(name) && !IsEmptyString(value) && !IsInsightsConnectionString(template, name, value))
        {
            yield return $"{where}: site '{site}' app setting '{name}' names a secret but has a value ({text}); use identity-based settings.";
        }
    }

    private static IEnumerable<string> OutputFindings(string where, string name, JsonObject output)
    {
        var type = output["type"]?.GetValue<string>() ?? "";
        if (type.StartsWith("secure", StringComparison.OrdinalIgnoreCase))
        {
            yield return $"{where}: output '{name}' is of type {type}.";
        }

        if (LooksSecret(name))
        {
            yield return $"{where}: output '{name}' names a secret.";
        }

        var text = output["value"]?.ToJsonString() ?? "";
        foreach (var marker in _credentialMarkers.Where(m => text.Contains(m, StringComparison.OrdinalIgnoreCase)))
        {
            yield return $"{where}: output '{name}' contains '{marker}'.";
        }

        if (text.Contains("ConnectionString", StringComparison.OrdinalIgnoreCase))
        {
            yield return $"{where}: output '{name}' returns a connection string.";
        }
    }

    private static IEnumerable<string> ListFunctions(string where, JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, child) in obj)
                {
                    if (child is not null)
                    {
                        foreach (var finding in ListFunctions(where, child))
                        {
                            yield return finding;
                        }
                    }
                }

                break;
            case JsonArray array:
                foreach (var child in array.OfType<JsonNode>())
                {
                    foreach (var finding in ListFunctions(where, child))
                    {
                        yield return finding;
                    }
                }

                break;
            case JsonValue value when value.TryGetValue<string>(out var s) && s.StartsWith('[') && ListCall().Match(s) is { Success: true } m:
                yield return $"{where}: expression calls ARM function '{m.Groups[1].Value}' ({s}).";
                break;
        }
    }

    private static bool LooksSecret(string name)
    {
        // Identity settings are identifiers, not secrets.
        if (name.EndsWith("ClientId", StringComparison.OrdinalIgnoreCase) || name.EndsWith("__credential", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return _secretNameParts.Any(p => name.Contains(p, StringComparison.OrdinalIgnoreCase));
    }

    private static bool IsEmptyString(JsonNode? value) =>
        value is JsonValue v && v.TryGetValue<string>(out var s) && s.Length == 0;

    /// <summary>
    /// APPLICATIONINSIGHTS_CONNECTION_STRING is allowed when it is read from an Application Insights component
    /// of the same template: it carries the ingestion endpoint and instrumentation key, no credential.
    /// </summary>
    private static bool IsInsightsConnectionString(JsonObject template, string name, JsonNode? value)
    {
        if (name != "APPLICATIONINSIGHTS_CONNECTION_STRING" || value is not JsonValue v || !v.TryGetValue<string>(out var s))
        {
            return false;
        }

        var match = InsightsReference().Match(s);
        return match.Success
            && template["resources"]?[match.Groups[1].Value] is JsonObject component
            && string.Equals(TemplateNode.Type(component), "Microsoft.Insights/components", StringComparison.OrdinalIgnoreCase);
    }

    [GeneratedRegex(@"\b(list[A-Za-z]*)\s*\(", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ListCall();

    [GeneratedRegex(@"^\[reference\('([A-Za-z0-9_]+)'\)\.ConnectionString\]$", RegexOptions.CultureInvariant)]
    private static partial Regex InsightsReference();
}
