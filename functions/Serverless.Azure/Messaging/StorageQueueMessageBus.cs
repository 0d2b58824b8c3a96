using System.Collections.Concurrent;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Orchestrations.Ports;

namespace Serverless.Azure.Messaging;

/// <summary>
/// <see cref="IMessageBus"/> on Azure Storage Queues (Azurite locally). Messages are JSON envelopes with a Base64
/// body and the properties; bodies too large for a queue message go to a blob (claim check). A consumer polls,
/// keeps a message invisible for <see cref="ConsumerOptions.LockDuration"/> and renews that while the handler runs,
/// deletes it when the handler returns, makes it visible again when the handler throws, and after
/// <see cref="ConsumerOptions.MaxDeliveryCount"/> deliveries moves it to <c>{queue}-poison</c> with the reason.
/// Queues and the container are created on first use.
/// </summary>
public sealed class StorageQueueMessageBus : IMessageBus
{
    /// <summary>Storage Queues peek at most 32 messages at a time; <see cref="PeekDeadLettersAsync"/> returns at most this many.</summary>
    public const int MaxPeek = 32;

    private readonly QueueServiceClient _queues;
    private readonly BlobContainerClient _container;
    private readonly StorageQueueMessageBusOptions _options;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, AsyncOnce> _created = new(StringComparer.Ordinal);
    private readonly AsyncOnce _createContainer;

    public StorageQueueMessageBus(QueueServiceClient queues, BlobServiceClient blobs, StorageQueueMessageBusOptions? options = null, ILogger<StorageQueueMessageBus>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(queues);
        ArgumentNullException.ThrowIfNull(blobs);
        _options = options ?? new StorageQueueMessageBusOptions();
        _options.Validate();
        _queues = queues;
        _container = blobs.GetBlobContainerClient(_options.LargeMessageContainer);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _createContainer = new AsyncOnce(async ct => await _container.CreateIfNotExistsAsync(cancellationToken: ct).ConfigureAwait(false));
    }

    /// <summary>Connects with a storage connection string (for example Azurite's, started with <c>--skipApiVersionCheck</c>).</summary>
    public static StorageQueueMessageBus FromConnectionString(string connectionString, StorageQueueMessageBusOptions? options = null, ILogger<StorageQueueMessageBus>? logger = null)
    {
        var (queues, blobs) = StorageClients.FromConnectionString(connectionString, c => new QueueServiceClient(c), c => new BlobServiceClient(c));
        return new StorageQueueMessageBus(queues, blobs, options, logger);
    }

    /// <summary>Connects with service endpoints and a token credential (a managed identity on Azure).</summary>
    public static StorageQueueMessageBus FromServiceUris(Uri queueServiceUri, Uri blobServiceUri, TokenCredential credential, StorageQueueMessageBusOptions? options = null, ILogger<StorageQueueMessageBus>? logger = null)
        => new(new QueueServiceClient(queueServiceUri, credential), new BlobServiceClient(blobServiceUri, credential), options, logger);

    public async Task SendAsync(string queue, BusMessage message, TimeSpan? delay = null, CancellationToken cancellationToken = default)
    {
        QueueNameRules.ValidateStorageQueue(queue);
        ArgumentNullException.ThrowIfNull(message);
        if (delay is { } d && (d < TimeSpan.Zero || d > TimeSpan.FromDays(7)))
        {
            throw new ArgumentOutOfRangeException(nameof(delay), delay, $"The delay for queue '{queue}' must be between 0 and 7 days (the Storage Queues limit).");
        }

        var envelope = new QueueEnvelope
        {
            MessageId = message.MessageId,
            Properties = message.Properties is null ? null : new Dictionary<string, string>(message.Properties, StringComparer.Ordinal),
            Body = message.Body.ToArray(),
        };
        var text = Serialize(envelope);
        if (text.Length > _options.InlineLimitBytes)
        {
            var blob = $"{queue}/{Guid.NewGuid():N}";
            await _createContainer.RunAsync(cancellationToken).ConfigureAwait(false);
            await _container.GetBlobClient(blob).UploadAsync(BinaryData.FromBytes(message.Body), overwrite: true, cancellationToken).ConfigureAwait(false);
            text = Serialize(envelope with { Body = null, Blob = blob });
        }

        await SendTextAsync(queue, text, delay, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IBusConsumer> StartConsumerAsync(string queue, Func<ReceivedMessage, CancellationToken, Task> handler, ConsumerOptions? options = null, CancellationToken cancellationToken = default)
    {
        QueueNameRules.ValidateStorageQueue(queue);
        ArgumentNullException.ThrowIfNull(handler);
        options ??= new ConsumerOptions();
        options.Validate();
        await EnsureQueueAsync(queue, cancellationToken).ConfigureAwait(false);
        return new StorageQueueConsumer(this, _queues.GetQueueClient(queue), queue, handler, options, _options, _logger);
    }

    /// <summary>
    /// Deletes every queue whose name starts with <paramref name="prefix"/> (with their poison queues: they share it),
    /// for a caller that ran under a <see cref="QueuePrefixBus"/> and leaves nothing behind. Returns how many it deleted.
    /// </summary>
    public async Task<int> DeleteQueuesAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        var deleted = 0;
        await foreach (var queue in _queues.GetQueuesAsync(prefix: prefix, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            await _queues.DeleteQueueAsync(queue.Name, cancellationToken).ConfigureAwait(false);
            _created.TryRemove(queue.Name, out _);
            deleted++;
        }

        return deleted;
    }

    /// <summary>Peeks <c>{queue}-poison</c>; returns at most <see cref="MaxPeek"/> messages (a Storage Queues limit).</summary>
    /// <summary>The queue's <c>ApproximateMessagesCount</c> (visible and invisible messages; 0 when the queue does not exist).</summary>
    public async Task<long> GetBacklogAsync(string queue, CancellationToken cancellationToken = default)
    {
        QueueNameRules.ValidateStorageQueue(queue);
        try
        {
            var properties = await _queues.GetQueueClient(queue).GetPropertiesAsync(cancellationToken).ConfigureAwait(false);
            return properties.Value.ApproximateMessagesCount;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return 0;
        }
    }

    public async Task<IReadOnlyList<DeadLetteredMessage>> PeekDeadLettersAsync(string queue, int maxCount = 100, CancellationToken cancellationToken = default)
    {
        QueueNameRules.ValidateStorageQueue(queue);
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        if (maxCount == 0)
        {
            return [];
        }

        var poison = _queues.GetQueueClient(queue + QueueNameRules.PoisonSuffix);
        try
        {
            var peeked = await poison.PeekMessagesAsync(Math.Min(maxCount, MaxPeek), cancellationToken).ConfigureAwait(false);
            var result = new List<DeadLetteredMessage>(peeked.Value.Length);
            foreach (var p in peeked.Value)
            {
                var envelope = Deserialize(p.MessageText);
                var message = await ToBusMessageAsync(envelope, cancellationToken).ConfigureAwait(false);
                result.Add(new DeadLetteredMessage(message, envelope.Queue ?? queue, envelope.Deliveries ?? 0, envelope.Reason ?? "(no reason recorded)"));
            }

            return result;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return [];
        }
    }

    internal static string Serialize(QueueEnvelope envelope) => JsonSerializer.Serialize(envelope, QueueEnvelopeJsonContext.Default.QueueEnvelope);

    internal static QueueEnvelope Deserialize(string text)
        => JsonSerializer.Deserialize(text, QueueEnvelopeJsonContext.Default.QueueEnvelope)
           ?? throw new JsonException("The queue message is the JSON literal null, not an envelope.");

    internal async Task SendTextAsync(string queue, string text, TimeSpan? delay, CancellationToken cancellationToken)
    {
        await EnsureQueueAsync(queue, cancellationToken).ConfigureAwait(false);

        // Time to live -1: a message waits until it is consumed or dead-lettered, never silently expires.
        await _queues.GetQueueClient(queue).SendMessageAsync(text, delay is { } d && d > TimeSpan.Zero ? d : null, TimeSpan.FromSeconds(-1), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The body of an envelope, read from its blob when it was too large for the queue.</summary>
    internal async Task<BusMessage> ToBusMessageAsync(QueueEnvelope envelope, CancellationToken cancellationToken)
    {
        ReadOnlyMemory<byte> body = envelope.Body ?? [];
        if (envelope.Blob is { } blob)
        {
            var download = await _container.GetBlobClient(blob).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            body = download.Value.Content.ToMemory();
        }

        return new BusMessage(envelope.MessageId, body, envelope.Properties);
    }

    internal async Task DeleteBlobAsync(string blob, CancellationToken cancellationToken)
    {
        try
        {
            await _container.DeleteBlobIfExistsAsync(blob, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex)
        {
            // The message is done; a leftover body is only garbage.
            _logger.LogWarning(ex, "Could not delete the large-message blob {Blob}", blob);
        }
    }

    private Task EnsureQueueAsync(string queue, CancellationToken cancellationToken)
        => _created.GetOrAdd(queue, q => new AsyncOnce(async ct => await _queues.GetQueueClient(q).CreateIfNotExistsAsync(cancellationToken: ct).ConfigureAwait(false)))
            .RunAsync(cancellationToken);
}
