using System;
using System.Text.Json;

namespace Serverless.Annotations.Runtime;

/// <summary>
/// The JSON settings every variable, argument and result uses when it crosses a unit boundary. They agree with the
/// fidelity rule of docs/splitting.md: public properties and public fields are carried, non-finite numbers are
/// refused, reference cycles are refused (not truncated), BigInteger is a JSON number and a Stack keeps its order.
/// </summary>
public static class SplitJson
{
    /// <summary>camelCase, public fields included (tuples), no named floating-point literals, no reference handling.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>Serialises a value as its declared type.</summary>
    public static byte[] Serialize(object? value, Type type) => JsonSerializer.SerializeToUtf8Bytes(value, type, Options);

    /// <summary>Deserialises a value of the given type.</summary>
    public static object? Deserialize(ReadOnlySpan<byte> json, Type type) => JsonSerializer.Deserialize(json, type, Options);

    /// <summary>
    /// Serialises a value that leaves its unit (a variable, argument or result named <paramref name="variable"/>):
    /// a value the serializer refuses (a cycle, NaN, an unsupported type) fails with
    /// <see cref="SplitFidelityException"/> naming it, and with <see cref="SplitFidelity.Enabled"/> the value is
    /// round-tripped and compared with what would arrive.
    /// </summary>
    public static byte[] SerializeCrossing(string variable, object? value, Type type) => SerializeChecked(variable, value, type, toCaller: false);

    /// <summary>
    /// <see cref="SerializeCrossing(string, object?, Type)"/> for the function's result, which goes to the caller as
    /// JSON: the guard compares what the caller can see (a collection's comparer is not part of it).
    /// </summary>
    public static byte[] SerializeResult(string variable, object? value, Type type) => SerializeChecked(variable, value, type, toCaller: true);

    private static byte[] SerializeChecked(string variable, object? value, Type type, bool toCaller)
    {
        byte[] json;
        try
        {
            json = Serialize(value, type);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException or ArgumentException)
        {
            throw new SplitFidelityException(variable, "cannot be serialised as " + SplitFidelity.TypeName(type) + ": " + ex.Message
                + " Keep it within one unit (one top-level statement), or carry plain data (finite numbers, strings, arrays, lists, records without cycles).", ex);
        }

        if (SplitFidelity.Enabled)
        {
            if (toCaller)
            {
                SplitFidelity.VerifyResult(variable, value, type, json);
            }
            else
            {
                SplitFidelity.Verify(variable, value, type, json);
            }
        }

        return json;
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            IncludeFields = true,
            MaxDepth = 256,
        };
        options.Converters.Add(new BigIntegerJsonConverter());
        options.Converters.Add(new StackJsonConverterFactory());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
