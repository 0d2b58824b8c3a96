using System;
using System.Buffers;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Serverless.Annotations.Runtime;

/// <summary>A <see cref="BigInteger"/> as an exact JSON number (any number of digits); a JSON string of digits also reads.</summary>
public sealed class BigIntegerJsonConverter : JsonConverter<BigInteger>
{
    /// <inheritdoc/>
    public override BigInteger Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType is not (JsonTokenType.Number or JsonTokenType.String))
        {
            throw new JsonException("A BigInteger must be a JSON number or a string of digits, not " + reader.TokenType + ".");
        }

        var bytes = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan.ToArray();
        var text = Encoding.UTF8.GetString(bytes);
        if (!BigInteger.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            throw new JsonException("'" + text + "' is not an integer (a BigInteger has no fraction or exponent).");
        }

        return value;
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, BigInteger value, JsonSerializerOptions options)
        => writer.WriteRawValue(value.ToString(CultureInfo.InvariantCulture), skipInputValidation: true);
}
