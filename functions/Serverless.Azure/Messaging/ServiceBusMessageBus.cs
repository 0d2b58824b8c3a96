using System.Collections.Concurrent;
using System.Globalization;
using Azure.Core;
using Azure.Messaging.ServiceBus;
using Azure.Messaging.ServiceBus.Administration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Orchestrations.Ports;

namespace Serverless.Azure.Messaging;

/// <summary>
/// <see cref="IMessageBus"/> on Azure Service Bus queues: <see cref="ServiceBusSender"/> to send (scheduled messages
/// for delays), <see cref="ServiceBusProcessor"/> to consume with peek-lock, automatic lock renewal while a handler
/// runs, complete on success, abandon on failure, and dead-letter with the reason after
/// <see cref="ConsumerOptions.MaxDeliveryCount"/> deliveries. Properties travel as application properties.
/// </summary>
public sealed class ServiceBusMessageBus : IMessageBus, IAsyncDisposable
{
    /// <summary>The dead-letter reason this bus sets; the description holds the handler's error.</summary>
    public const string HandlerFailedReason = "HandlerFailed";

    // Service Bus keeps the dead-letter reason in these application properties; they are not the sender's.
    private const string DeadLetterReasonProperty = "DeadLetterReason";
    private const string DeadLetterDescriptionProperty = "DeadLetterErrorDescription";

    private readonly ServiceBusClient _client;
    private readonly ServiceBusAdministrationClient? _admin;
    private readonly bool _createQueues;
    private readonly ServiceBusMessageBusOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, ServiceBusSender> _senders = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, AsyncOnce> _created = new(StringComparer.Ordinal);

    public ServiceBusMessageBus(ServiceBusClient client, ServiceBusAdministrationClient? admin = null, ServiceBusMessageBusOptions? options = null, TimeProvider? timeProvider = null, ILogger<ServiceBusMessageBus>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _options = options ?? new ServiceBusMessageBusOptions();
        _options.Validate();
        _client = client;
        // The administration client reads queue lengths (the autoscaler's backlog) whether or not it creates queues.
        _admin = admin;
        _createQueues = _options.CreateMissingQueues && admin is not null;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Connects with a Service Bus connection string (<c>Endpoint=sb://...;SharedAccessKeyName=...;SharedAccessKey=...</c>).</summary>
    public static ServiceBusMessageBus FromConnectionString(string connectionString, ServiceBusMessageBusOptions? options = null, ILogger<ServiceBusMessageBus>? logger = null)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new ArgumentException("The Service Bus connection string is empty; pass one like 'Endpoint=sb://NAME.servicebus.windows.net/;SharedAccessKeyName=...;SharedAccessKey=...'.", nameof(connectionString));
        }

        try
        {
            return new ServiceBusMessageBus(new ServiceBusClient(connectionString), new ServiceBusAdministrationClient(connectionString), options, null, logger);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            throw new ArgumentException($"The Service Bus connection string is not valid ({ex.Message}); pass one like 'Endpoint=sb://NAME.servicebus.windows.net/;SharedAccessKeyName=...;SharedAccessKey=...'.", nameof(connectionString), ex);
        }
    }

    /// <summary>
    /// Connects to a namespace (<c>NAME.servicebus.windows.net</c>) with a token credential (a managed identity on Azure).
    /// The administration client (built from the same namespace and credential, with <paramref name="administrationOptions"/>)
    /// reads queue lengths; it creates queues only when <see cref="ServiceBusMessageBusOptions.CreateMissingQueues"/> is on.
    /// </summary>
    public static ServiceBusMessageBus FromNamespace(string fullyQualifiedNamespace, TokenCredential credential, ServiceBusMessageBusOptions? options = null, ILogger<ServiceBusMessageBus>? logger = null, ServiceBusAdministrationClientOptions? administrationOptions = null)
    {
        if (string.IsNullOrWhiteSpace(fullyQualifiedNamespace))
        {
            throw new ArgumentException("The Service Bus namespace is empty; pass its host name, like 'NAME.servicebus.windows.net'.", nameof(fullyQualifiedNamespace));
        }

        ArgumentNullException.ThrowIfNull(credential);
        var host = fullyQualifiedNamespace.Trim();
        return new(
            new ServiceBusClient(host, credential),
            administrationOptions is null ? new ServiceBusAdministrationClient(host, credential) : new ServiceBusAdministrationClient(host, credential, administrationOptions),
            options,
            null,
            logger);
    }

    public async Task SendAsync(string queue, BusMessage message, TimeSpan? delay = null, CancellationToken cancellationToken = default)
    {
        QueueNameRules.ValidateNotEmpty(queue);
        ArgumentNullException.ThrowIfNull(message);
        if (delay is { } d && d < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(delay), delay, $"The delay for queue '{queue}' is negative; pass null or a non-negative delay.");
        }

        await EnsureQueueAsync(queue, cancellationToken).ConfigureAwait(false);
        var sender = _senders.GetOrAdd(queue, _client.CreateSender);
        var outgoing = ToServiceBusMessage(message);
        if (delay is { } wait && wait > TimeSpan.Zero)
        {
            await sender.ScheduleMessageAsync(outgoing, _timeProvider.GetUtcNow() + wait, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await sender.SendMessageAsync(outgoing, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<IBusConsumer> StartConsumerAsync(string queue, Func<ReceivedMessage, CancellationToken, Task> handler, ConsumerOptions? options = null, CancellationToken cancellationToken = default)
    {
        QueueNameRules.ValidateNotEmpty(queue);
        ArgumentNullException.ThrowIfNull(handler);
        options ??= new ConsumerOptions();
        options.Validate();
        await EnsureQueueAsync(queue, cancellationToken).ConfigureAwait(false);
        var processor = _client.CreateProcessor(queue, new ServiceBusProcessorOptions
        {
            AutoCompleteMessages = false,
            MaxConcurrentCalls = options.MaxConcurrency,
            PrefetchCount = 0,
            ReceiveMode = ServiceBusReceiveMode.PeekLock,
            MaxAutoLockRenewalDuration = Timeout.InfiniteTimeSpan,
        });
        var consumer = new ServiceBusConsumer(processor, queue, handler, options, _logger);
        await consumer.StartAsync(cancellationToken).ConfigureAwait(false);
        return consumer;
    }

    public async Task<IReadOnlyList<DeadLetteredMessage>> PeekDeadLettersAsync(string queue, int maxCount = 100, CancellationToken cancellationToken = default)
    {
        QueueNameRules.ValidateNotEmpty(queue);
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        if (maxCount == 0)
        {
            return [];
        }

        var receiver = _client.CreateReceiver(queue, new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter });
        await using (receiver.ConfigureAwait(false))
        {
            try
            {
                var peeked = await receiver.PeekMessagesAsync(maxCount, cancellationToken: cancellationToken).ConfigureAwait(false);
                return peeked.Select(m => ToDeadLetter(m, queue)).ToList();
            }
            catch (ServiceBusException ex) when (ex.Reason == ServiceBusFailureReason.MessagingEntityNotFound)
            {
                return [];
            }
        }
    }

    /// <summary>The queue's <c>ActiveMessageCount</c> (scheduled and dead-lettered messages excluded; 0 when the queue does not exist).</summary>
    public async Task<long> GetBacklogAsync(string queue, CancellationToken cancellationToken = default)
    {
        QueueNameRules.ValidateNotEmpty(queue);
        if (_admin is null)
        {
            throw new NotSupportedException($"Reading the backlog of '{queue}' needs the Service Bus administration client: create the bus with {nameof(FromConnectionString)} or {nameof(FromNamespace)} (Manage rights).");
        }

        try
        {
            var properties = await _admin.GetQueueRuntimePropertiesAsync(queue, cancellationToken).ConfigureAwait(false);
            return properties.Value.ActiveMessageCount;
        }
        catch (ServiceBusException ex) when (ex.Reason == ServiceBusFailureReason.MessagingEntityNotFound)
        {
            return 0;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var sender in _senders.Values)
        {
            await sender.DisposeAsync().ConfigureAwait(false);
        }

        await _client.DisposeAsync().ConfigureAwait(false);
    }

    internal static ServiceBusMessage ToServiceBusMessage(BusMessage message)
    {
        var outgoing = new ServiceBusMessage(BinaryData.FromBytes(message.Body.ToArray())) { MessageId = message.MessageId };
        foreach (var (key, value) in message.Properties ?? new Dictionary<string, string>())
        {
            outgoing.ApplicationProperties[key] = value;
        }

        return outgoing;
    }

    internal static BusMessage ToBusMessage(ServiceBusReceivedMessage message)
        => new(
            message.MessageId,
            message.Body.ToMemory(),
            message.ApplicationProperties
                .Where(p => p.Key is not (DeadLetterReasonProperty or DeadLetterDescriptionProperty))
                .ToDictionary(p => p.Key, p => Convert.ToString(p.Value, CultureInfo.InvariantCulture) ?? string.Empty, StringComparer.Ordinal));

    internal static DeadLetteredMessage ToDeadLetter(ServiceBusReceivedMessage message, string queue)
    {
        var reason = string.IsNullOrEmpty(message.DeadLetterErrorDescription)
            ? message.DeadLetterReason ?? "(no reason recorded)"
            : $"{message.DeadLetterReason}: {message.DeadLetterErrorDescription}";
        return new DeadLetteredMessage(ToBusMessage(message), queue, message.DeliveryCount, reason);
    }

    private Task EnsureQueueAsync(string queue, CancellationToken cancellationToken)
    {
        if (!_createQueues || _admin is null)
        {
            return Task.CompletedTask;
        }

        return _created.GetOrAdd(queue, q => new AsyncOnce(async ct =>
        {
            if (!await _admin.QueueExistsAsync(q, ct).ConfigureAwait(false))
            {
                try
                {
                    await _admin.CreateQueueAsync(new CreateQueueOptions(q) { LockDuration = _options.QueueLockDuration, MaxDeliveryCount = _options.QueueMaxDeliveryCount }, ct).ConfigureAwait(false);
                }
                catch (ServiceBusException ex) when (ex.Reason == ServiceBusFailureReason.MessagingEntityAlreadyExists)
                {
                    // Created concurrently.
                }
            }
        })).RunAsync(cancellationToken);
    }
}
