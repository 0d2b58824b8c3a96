using System.Text.Json;
using Serverless.Annotations.Runtime;

namespace Serverless.Orchestrations.Runtime;

/// <summary>Binds a JSON object (parameter name → value) to a function's parameters, and back.</summary>
public static class SplitArguments
{
    /// <summary>
    /// The JSON of each parameter, checked by deserialising it as the parameter's type; a parameter left out takes its
    /// C# default value when it has one. Throws
    /// <see cref="SplitArgumentException"/> naming the parameter when one is missing, unknown or does not convert.
    /// </summary>
    public static IReadOnlyDictionary<string, ReadOnlyMemory<byte>> Bind(SplitFunction function, ReadOnlyMemory<byte> argumentsJson)
    {
        ArgumentNullException.ThrowIfNull(function);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(argumentsJson);
        }
        catch (JsonException ex)
        {
            throw new SplitArgumentException($"The arguments are not valid JSON ({ex.Message}). Pass a JSON object mapping parameter names to values, e.g. {Example(function)}.", ex);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new SplitArgumentException($"The arguments must be a JSON object mapping parameter names to values, e.g. {Example(function)}.");
            }

            var result = new Dictionary<string, ReadOnlyMemory<byte>>(StringComparer.Ordinal);
            var given = document.RootElement.EnumerateObject().ToList();
            foreach (var property in given)
            {
                if (!function.Parameters.Any(p => p.Name == property.Name))
                {
                    throw new SplitArgumentException($"'{function.Id}' has no parameter '{property.Name}'. Its parameters: {Describe(function)}.");
                }
            }

            foreach (var parameter in function.Parameters)
            {
                var property = given.FirstOrDefault(p => p.Name == parameter.Name);
                if (property.Value.ValueKind == JsonValueKind.Undefined && parameter.HasDefaultValue)
                {
                    // Left out: the C# default value (int count = 10), as a direct call without it would pass.
                    result[parameter.Name] = SplitJson.SerializeCrossing(parameter.Name, parameter.DefaultValue, parameter.Type);
                    continue;
                }

                if (property.Value.ValueKind == JsonValueKind.Undefined)
                {
                    throw new SplitArgumentException($"Missing argument '{parameter.Name}' ({parameter.Type.Name}) for '{function.Id}'. Its parameters: {Describe(function)}.");
                }

                var bytes = System.Text.Encoding.UTF8.GetBytes(property.Value.GetRawText());
                try
                {
                    _ = SplitJson.Deserialize(bytes, parameter.Type);
                }
                catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException or ArgumentException)
                {
                    throw new SplitArgumentException($"Argument '{parameter.Name}' does not convert to {parameter.Type.Name}: {ex.Message}", ex);
                }

                result[parameter.Name] = bytes;
            }

            return result;
        }
    }

    /// <summary>Deserialises bound arguments into parameter order.</summary>
    public static object?[] ToValues(SplitFunction function, IReadOnlyDictionary<string, ReadOnlyMemory<byte>> arguments)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(arguments);
        return [.. function.Parameters.Select(p => SplitJson.Deserialize(arguments[p.Name].Span, p.Type))];
    }

    /// <summary>Serialises values in parameter order into the JSON of each parameter.</summary>
    public static IReadOnlyDictionary<string, ReadOnlyMemory<byte>> FromValues(SplitFunction function, object?[] values)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(values);
        var result = new Dictionary<string, ReadOnlyMemory<byte>>(StringComparer.Ordinal);
        for (var i = 0; i < function.Parameters.Count; i++)
        {
            result[function.Parameters[i].Name] = SplitJson.SerializeCrossing(function.Parameters[i].Name, values[i], function.Parameters[i].Type);
        }

        return result;
    }

    private static string Describe(SplitFunction f) => f.Parameters.Count == 0 ? "(none)" : string.Join(", ", f.Parameters.Select(p => $"{p.Name}: {p.Type.Name}"));

    private static string Example(SplitFunction f) => "{" + string.Join(", ", f.Parameters.Select(p => $"\"{p.Name}\": …")) + "}";
}
