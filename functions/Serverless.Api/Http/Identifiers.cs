using System.Text.RegularExpressions;

namespace Serverless.Api.Http;

/// <summary>
/// Syntax of the names that reach storage keys, queue names and ARM resource names. Everything else is rejected
/// before it gets near them.
/// </summary>
public static partial class Identifiers
{
    /// <summary>Longest accepted function id.</summary>
    public const int MaxFunctionIdLength = 256;

    /// <summary>Dotted C# identifiers (ASCII), at least <c>Type.Method</c>.</summary>
    public static bool IsFunctionId(string? value)
        => value is { Length: > 0 and <= MaxFunctionIdLength } && FunctionIdPattern().IsMatch(value);

    /// <summary>Azure region names: lowercase letters, digits and inner hyphens, 1–40 characters.</summary>
    public static bool IsRegion(string? value) => value is { Length: > 0 and <= 40 } && RegionPattern().IsMatch(value);

    /// <summary>Execution ids: letters, digits, hyphens and underscores, 1–64 characters.</summary>
    public static bool IsExecutionId(string? value) => value is { Length: > 0 and <= 64 } && ExecutionIdPattern().IsMatch(value);

    /// <summary>A value safe to echo in a message: control characters escaped, cut at 80 characters.</summary>
    public static string Quote(string? value)
    {
        if (value is null)
        {
            return "null";
        }

        var sb = new System.Text.StringBuilder("'");
        foreach (var c in value.Length > 80 ? value[..80] : value)
        {
            _ = char.IsControl(c) || char.IsSurrogate(c) ? sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\u{(int)c:x4}") : sb.Append(c);
        }

        return sb.Append(value.Length > 80 ? "…'" : "'").ToString();
    }

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+$", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex FunctionIdPattern();

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]*[a-z0-9])?$", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex RegionPattern();

    [GeneratedRegex("^[A-Za-z0-9_-]+$", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex ExecutionIdPattern();
}
