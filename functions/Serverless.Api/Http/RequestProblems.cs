using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Serverless.Api.Requests;

namespace Serverless.Api.Http;

/// <summary>
/// Turns a <see cref="JsonException"/> of the request contract into the problem that names the member and says what
/// to send. The exception's <see cref="JsonException.Path"/> locates the member; the body (already parsed) and the
/// contract's metadata tell which rule it broke: a repeated member, an unknown member, a missing required member,
/// or a value of the wrong kind.
/// </summary>
internal static class RequestProblems
{
    public static ApiProblemException From(JsonException exception, JsonElement root, JsonTypeInfo rootInfo)
    {
        var segments = ParsePath(exception.Path);
        JsonElement? element = root;
        JsonElement? parent = null;
        JsonTypeInfo? info = rootInfo;
        JsonTypeInfo? parentInfo = null;
        foreach (var segment in segments)
        {
            parent = element;
            parentInfo = info;
            element = element is { } e ? Child(e, segment) : null;
            info = info is null ? null : ChildInfo(info, segment);
        }

        var field = Format(segments);
        var name = segments.Count > 0 ? segments[^1].Name : null;

        if (name is not null && parent is { ValueKind: JsonValueKind.Object } p && Occurrences(p, name) > 1)
        {
            return Repeated(field);
        }

        if (element is { ValueKind: JsonValueKind.Object } obj && FirstRepeated(obj) is { } repeated)
        {
            return Repeated(Join(field, repeated));
        }

        if (name is not null && parentInfo is { Kind: JsonTypeInfoKind.Object } owner && Property(owner, name) is null)
        {
            var allowed = string.Join(", ", owner.Properties.Select(x => x.Name));
            return ApiProblemException.BadRequest($"Unknown member {Identifiers.Quote(field)}. Allowed members: {allowed}.", field);
        }

        if (element is { ValueKind: JsonValueKind.Object } given && info is { Kind: JsonTypeInfoKind.Object }
            && info.Properties.FirstOrDefault(x => x.IsRequired && Occurrences(given, x.Name) == 0) is { } missing)
        {
            var member = Join(field, missing.Name);
            return ApiProblemException.BadRequest($"Member '{member}' is required{RequestFields.RequiredHint(Key(member))}.", member);
        }

        if (field.Length > 0 && element is { } value && info is not null)
        {
            return WrongKind(field, info, value);
        }

        var reason = exception.Message.Split(" Path:", 2)[0];
        return ApiProblemException.BadRequest($"Member '{(field.Length == 0 ? "body" : field)}' is not valid: {reason}", field.Length == 0 ? "body" : field);
    }

    private static ApiProblemException Repeated(string field)
        => ApiProblemException.BadRequest($"Member {Identifiers.Quote(field)} appears more than once. Send it once.", field);

    private static ApiProblemException WrongKind(string field, JsonTypeInfo info, JsonElement value)
    {
        var type = Nullable.GetUnderlyingType(info.Type) ?? info.Type;
        var whole = type == typeof(int) || type == typeof(long);
        var fractional = type == typeof(double) || type == typeof(float) || type == typeof(decimal);
        var range = !whole ? null
            : RequestFields.Range(Key(field)) is { } r ? string.Create(CultureInfo.InvariantCulture, $"a whole number from {r.Min} to {r.Max}")
            : type == typeof(int) ? string.Create(CultureInfo.InvariantCulture, $"a whole number from {int.MinValue} to {int.MaxValue}")
            : string.Create(CultureInfo.InvariantCulture, $"a whole number from {long.MinValue} to {long.MaxValue}");
        if ((whole || fractional) && value.ValueKind == JsonValueKind.Number)
        {
            // A number the type cannot hold: a fraction or an overflow for a whole number, an overflow for a fractional one.
            return ApiProblemException.Invalid($"Member '{field}' must be {range ?? "a finite number in range"}; got {Identifiers.Quote(value.GetRawText())}.", field);
        }

        var expected = type == typeof(string) ? "a string"
            : type == typeof(bool) ? "true or false"
            : whole ? range
            : fractional ? "a number"
            : info.Kind == JsonTypeInfoKind.Enumerable ? "an array"
            : info.Kind is JsonTypeInfoKind.Object or JsonTypeInfoKind.Dictionary ? "an object"
            : "a value of type " + type.Name;
        return ApiProblemException.BadRequest($"Member '{field}' must be {expected}, not {JsonBody.Describe(value.ValueKind)}.", field);
    }

    private static JsonElement? Child(JsonElement element, Segment segment)
    {
        if (segment.Name is { } name)
        {
            if (element.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in element.EnumerateObject())
                {
                    if (property.NameEquals(name))
                    {
                        return property.Value;
                    }
                }
            }

            return null;
        }

        return element.ValueKind == JsonValueKind.Array && segment.Index < element.GetArrayLength() ? element[segment.Index] : null;
    }

    private static JsonTypeInfo? ChildInfo(JsonTypeInfo info, Segment segment)
    {
        if (segment.Name is { } name && info.Kind == JsonTypeInfoKind.Object)
        {
            return Property(info, name) is { } property ? info.Options.GetTypeInfo(property.PropertyType) : null;
        }

        var elementType = info.Kind switch
        {
            JsonTypeInfoKind.Enumerable when segment.Name is null => info.ElementType,
            JsonTypeInfoKind.Dictionary when segment.Name is not null => info.ElementType,
            _ => null,
        };
        return elementType is null ? null : info.Options.GetTypeInfo(elementType);
    }

    private static JsonPropertyInfo? Property(JsonTypeInfo info, string name)
        => info.Properties.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.Ordinal));

    private static int Occurrences(JsonElement obj, string name) => obj.EnumerateObject().Count(p => p.NameEquals(name));

    private static string? FirstRepeated(JsonElement obj)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return obj.EnumerateObject().Select(p => p.Name).FirstOrDefault(n => !seen.Add(n));
    }

    private static string Join(string field, string name) => field.Length == 0 ? name : field + "." + name;

    /// <summary>The member path without array indices, as <see cref="RequestFields"/> keys it.</summary>
    private static string Key(string field)
    {
        var sb = new StringBuilder(field.Length);
        var depth = 0;
        foreach (var c in field)
        {
            depth += c == '[' ? 1 : 0;
            if (depth == 0)
            {
                sb.Append(c);
            }

            depth -= c == ']' ? 1 : 0;
        }

        return sb.ToString();
    }

    private static string Format(IReadOnlyList<Segment> segments)
    {
        var sb = new StringBuilder();
        foreach (var segment in segments)
        {
            if (segment.Name is { } name)
            {
                _ = sb.Length == 0 ? sb.Append(name) : sb.Append('.').Append(name);
            }
            else
            {
                sb.Append(CultureInfo.InvariantCulture, $"[{segment.Index}]");
            }
        }

        return sb.ToString();
    }

    /// <summary>Parses System.Text.Json's paths: <c>$</c>, <c>.name</c>, <c>['name']</c> and <c>[0]</c>.</summary>
    private static List<Segment> ParsePath(string? path)
    {
        var segments = new List<Segment>();
        if (string.IsNullOrEmpty(path) || path[0] != '$')
        {
            return segments;
        }

        var i = 1;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = path.IndexOfAny(['.', '['], i + 1);
                end = end < 0 ? path.Length : end;
                segments.Add(new Segment(path[(i + 1)..end], 0));
                i = end;
            }
            else if (path[i] == '[' && i + 1 < path.Length && path[i + 1] == '\'')
            {
                var end = path.IndexOf("']", i + 2, StringComparison.Ordinal);
                end = end < 0 ? path.Length : end;
                segments.Add(new Segment(path[(i + 2)..end], 0));
                i = end + 2;
            }
            else if (path[i] == '[')
            {
                var end = path.IndexOf(']', i + 1);
                end = end < 0 ? path.Length : end;
                if (!int.TryParse(path.AsSpan(i + 1, end - i - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    break;
                }

                segments.Add(new Segment(null, index));
                i = end + 1;
            }
            else
            {
                break;
            }
        }

        return segments;
    }

    private readonly record struct Segment(string? Name, int Index);
}
