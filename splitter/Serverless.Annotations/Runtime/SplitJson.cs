using System;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Serverless.Annotations.Runtime;

/// <summary>The JSON settings every variable, argument and result uses when it crosses a unit boundary.</summary>
public static class SplitJson
{
    /// <summary>camelCase, public fields included (tuples), named floating-point literals (NaN, Infinity) allowed.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>Serialises a value as its declared type.</summary>
    public static byte[] Serialize(object? value, Type type) => JsonSerializer.SerializeToUtf8Bytes(value, type, Options);

    /// <summary>Deserialises a value of the given type.</summary>
    public static object? Deserialize(ReadOnlySpan<byte> json, Type type) => JsonSerializer.Deserialize(json, type, Options);

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            IncludeFields = true,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            MaxDepth = 256,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
