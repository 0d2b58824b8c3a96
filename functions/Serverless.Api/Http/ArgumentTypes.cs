using System.Text.Json;

namespace Serverless.Api.Http;

/// <summary>
/// Checks arguments of primitive parameter types before an execution starts (numbers in range, booleans, strings);
/// other types are left to the engine's deserialisation.
/// </summary>
internal static class ArgumentTypes
{
    public static bool Fits(string type, JsonElement value, out string expected)
    {
        var nullable = type.EndsWith('?') || type.StartsWith("System.Nullable<", StringComparison.Ordinal);
        var core = type.TrimEnd('?');
        if (core.StartsWith("System.Nullable<", StringComparison.Ordinal))
        {
            core = core["System.Nullable<".Length..^1];
        }

        if (nullable && value.ValueKind == JsonValueKind.Null)
        {
            expected = string.Empty;
            return true;
        }

        (expected, var fits) = core switch
        {
            "int" or "System.Int32" => ("a whole number from -2147483648 to 2147483647", value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out _)),
            "long" or "System.Int64" => ("a whole number in the 64-bit range", value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _)),
            "double" or "System.Double" or "float" or "System.Single" => ("a finite number", value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var d) && double.IsFinite(d)),
            "decimal" or "System.Decimal" => ("a number in the decimal range", value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out _)),
            "bool" or "System.Boolean" => ("true or false", value.ValueKind is JsonValueKind.True or JsonValueKind.False),
            "string" or "System.String" => ("a string", value.ValueKind is JsonValueKind.String or JsonValueKind.Null),
            _ => (string.Empty, true),
        };
        return fits;
    }
}
