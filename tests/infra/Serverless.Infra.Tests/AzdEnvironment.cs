using System.Text.RegularExpressions;

namespace Serverless.Infra.Tests;

/// <summary>
/// What azd does to infra/main.parameters.json before it deploys: every <c>${NAME}</c> in a string becomes the
/// azd environment's value of NAME (empty when unset) and <c>${NAME=default}</c> the value or the default.
/// </summary>
public static partial class AzdEnvironment
{
    /// <summary>The values azd sets for `azd up` in a new environment named `splitter` in westeurope.</summary>
    public static IReadOnlyDictionary<string, string> Default { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["AZURE_ENV_NAME"] = "splitter",
        ["AZURE_LOCATION"] = "westeurope",
        ["AZURE_PRINCIPAL_ID"] = "3f1c2b0e-8d4a-4c6e-9b7a-5e2d1f0a9c84",
    };

    public static string Substitute(string text, IReadOnlyDictionary<string, string> environment) =>
        Placeholder().Replace(text, m =>
            environment.TryGetValue(m.Groups["name"].Value, out var value) && value.Length > 0
                ? value
                : m.Groups["default"].Success ? m.Groups["default"].Value : "");

    /// <summary>The names of every placeholder in <paramref name="text"/>.</summary>
    public static IReadOnlyList<string> Names(string text) => Placeholder().Matches(text).Select(m => m.Groups["name"].Value).ToList();

    [GeneratedRegex(@"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(=(?<default>[^}]*))?\}")]
    private static partial Regex Placeholder();
}
