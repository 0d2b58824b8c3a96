using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Serverless.Annotations.Runtime;

/// <summary>
/// <see cref="Stack{T}"/> as a JSON array from top to bottom (its enumeration order) that reads back as the same
/// stack; the default converter pushes the elements in that order and so reverses the stack.
/// </summary>
public sealed class StackJsonConverterFactory : JsonConverterFactory
{
    /// <inheritdoc/>
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(Stack<>);

    /// <inheritdoc/>
    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options)
        => (JsonConverter)Activator.CreateInstance(typeof(StackConverter<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]))!;

    private sealed class StackConverter<T> : JsonConverter<Stack<T>>
    {
        public override Stack<T>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var items = JsonSerializer.Deserialize<List<T>>(ref reader, options);
            if (items is null)
            {
                return null;
            }

            items.Reverse();
            return new Stack<T>(items);
        }

        public override void Write(Utf8JsonWriter writer, Stack<T> value, JsonSerializerOptions options)
            => JsonSerializer.Serialize(writer, value.ToList(), options);
    }
}
