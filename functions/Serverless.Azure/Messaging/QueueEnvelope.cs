using System.Text.Json.Serialization;

namespace Serverless.Azure.Messaging;

/// <summary>
/// A bus message as Storage Queue message text: JSON (XML-safe: the serializer escapes <c>&lt; &gt; &amp;</c> and non-ASCII)
/// with the body in Base64, or, above the inline limit, the name of the blob that holds the body (claim check).
/// Dead-lettered copies in <c>{queue}-poison</c> also carry the reason, the delivery count and the source queue.
/// </summary>
internal sealed record QueueEnvelope
{
    [JsonPropertyName("id")]
    public required string MessageId { get; init; }

    [JsonPropertyName("props")]
    public Dictionary<string, string>? Properties { get; init; }

    [JsonPropertyName("body")]
    public byte[]? Body { get; init; }

    [JsonPropertyName("blob")]
    public string? Blob { get; init; }

    [JsonPropertyName("reason")]
    public string? Reason { get; init; }

    [JsonPropertyName("deliveries")]
    public int? Deliveries { get; init; }

    [JsonPropertyName("queue")]
    public string? Queue { get; init; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(QueueEnvelope))]
internal sealed partial class QueueEnvelopeJsonContext : JsonSerializerContext
{
}
