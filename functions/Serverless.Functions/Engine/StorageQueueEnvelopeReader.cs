using System.Text.Json;
using System.Text.Json.Serialization;
using Serverless.Orchestrations.Ports;

namespace Serverless.Functions.Engine;

/// <summary>
/// Reads the message text the Storage Queue bus writes (<c>Serverless.Azure.Messaging.QueueEnvelope</c>: JSON with
/// <c>id</c>, <c>props</c> and the body in Base64 under <c>body</c>, or the name of the blob holding it under
/// <c>blob</c>) back into a <see cref="BusMessage"/>, for the Storage Queues trigger.
/// </summary>
public sealed class StorageQueueEnvelopeReader(Func<string, CancellationToken, Task<BinaryData>> readBlob)
{
    /// <summary>The message, or a null message and an error naming what is wrong when the text is not an envelope.</summary>
    public async Task<(BusMessage? Message, string? Error)> ReadAsync(string text, CancellationToken cancellationToken = default)
    {
        Envelope? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize(text ?? string.Empty, EnvelopeJsonContext.Default.Envelope);
        }
        catch (JsonException ex)
        {
            return (null, $"the queue message is not a bus envelope (JSON with id and body or blob): {ex.Message}");
        }

        if (envelope is null || string.IsNullOrEmpty(envelope.Id))
        {
            return (null, "the queue message is not a bus envelope: it has no 'id'");
        }

        if (envelope.Blob is { Length: > 0 } blob)
        {
            var content = await readBlob(blob, cancellationToken).ConfigureAwait(false);
            return (new BusMessage(envelope.Id, content.ToMemory(), envelope.Props), null);
        }

        return envelope.Body is null
            ? (null, $"the bus envelope '{envelope.Id}' has neither 'body' nor 'blob'")
            : (new BusMessage(envelope.Id, envelope.Body, envelope.Props), null);
    }

    internal sealed record Envelope(
        [property: JsonPropertyName("id")] string? Id,
        [property: JsonPropertyName("props")] Dictionary<string, string>? Props,
        [property: JsonPropertyName("body")] byte[]? Body,
        [property: JsonPropertyName("blob")] string? Blob);
}

[JsonSerializable(typeof(StorageQueueEnvelopeReader.Envelope))]
internal sealed partial class EnvelopeJsonContext : JsonSerializerContext
{
}
