using System.Text.Json;

namespace Serverless.Api.Http;

/// <summary>Typed access to members of a request object; every error names the member and what was expected.</summary>
internal static class JsonFields
{
    public static void RejectUnknown(JsonElement obj, string prefix, params string[] allowed)
    {
        foreach (var property in obj.EnumerateObject())
        {
            if (Array.IndexOf(allowed, property.Name) < 0)
            {
                throw ApiProblemException.BadRequest(
                    $"Unknown member {Identifiers.Quote(prefix + property.Name)}. Allowed members: {string.Join(", ", allowed)}.",
                    prefix + property.Name);
            }
        }
    }

    public static bool TryGet(JsonElement obj, string name, out JsonElement value)
    {
        var found = false;
        value = default;
        foreach (var property in obj.EnumerateObject())
        {
            if (property.NameEquals(name))
            {
                if (found)
                {
                    throw ApiProblemException.BadRequest($"Member '{name}' appears more than once. Send it once.", name);
                }

                value = property.Value;
                found = true;
            }
        }

        return found;
    }

    public static string RequireString(JsonElement obj, string name, string field)
    {
        if (!TryGet(obj, name, out var value))
        {
            throw ApiProblemException.BadRequest($"Member '{field}' is required.", field);
        }

        return AsString(value, field);
    }

    public static string AsString(JsonElement value, string field)
        => value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw ApiProblemException.BadRequest($"Member '{field}' must be a string, not {JsonBody.Describe(value.ValueKind)}.", field);

    public static bool AsBool(JsonElement value, string field)
        => value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw ApiProblemException.BadRequest($"Member '{field}' must be true or false, not {JsonBody.Describe(value.ValueKind)}.", field),
        };

    public static int AsInt(JsonElement value, string field, int min, int max)
    {
        if (value.ValueKind != JsonValueKind.Number)
        {
            throw ApiProblemException.BadRequest($"Member '{field}' must be a number, not {JsonBody.Describe(value.ValueKind)}.", field);
        }

        if (!value.TryGetInt32(out var result) || result < min || result > max)
        {
            throw ApiProblemException.Invalid($"Member '{field}' must be a whole number from {min} to {max}; got {Identifiers.Quote(value.GetRawText())}.", field);
        }

        return result;
    }

    public static JsonElement.ArrayEnumerator AsArray(JsonElement value, string field)
        => value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray()
            : throw ApiProblemException.BadRequest($"Member '{field}' must be an array, not {JsonBody.Describe(value.ValueKind)}.", field);

    public static JsonElement AsObject(JsonElement value, string field)
        => value.ValueKind == JsonValueKind.Object
            ? value
            : throw ApiProblemException.BadRequest($"Member '{field}' must be an object, not {JsonBody.Describe(value.ValueKind)}.", field);
}
