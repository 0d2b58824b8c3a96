using Azure;
using Azure.Core;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Serverless.Azure.Messaging;
using Serverless.Azure.State;
using Serverless.Orchestrations.Ports;
using Serverless.TestSupport;
using Xunit.Abstractions;

namespace Serverless.Integration.Tests.Engine;

/// <summary>
/// The engine on Azure Storage (Azurite from node_modules, or the account in SERVERLESS_TEST_STORAGE): the Table
/// state store and the Storage Queue bus, under a table, containers and a queue prefix unique to this fixture.
/// </summary>
public sealed class AzuriteEngineFixture(IMessageSink sink) : EngineFixture
{
    private readonly StorageFixture _storage = new(sink);
    private readonly List<string> _prefixes = [];
    private string _sharedPrefix = "";

    public override string Backend => $"Table state store and Storage Queue bus on {_storage.Source}";

    /// <summary>Polling tuned for tests: an idle queue is polled at least every 250 ms (default: backs off to 2 s).</summary>
    private StorageQueueMessageBusOptions BusOptions { get; set; } = new();

    public override async Task InitializeAsync()
    {
        await _storage.InitializeAsync();
        BusOptions = new StorageQueueMessageBusOptions
        {
            LargeMessageContainer = _storage.UniqueName("e2ebus"),
            MinPollInterval = TimeSpan.FromMilliseconds(50),
            MaxPollInterval = TimeSpan.FromMilliseconds(250),
        };
        _sharedPrefix = NewPrefix();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            var queues = new QueueServiceClient(_storage.ConnectionString);
            foreach (var prefix in _prefixes)
            {
                await foreach (var queue in queues.GetQueuesAsync(prefix: prefix))
                {
                    await queues.DeleteQueueAsync(queue.Name);
                }
            }
        }
        catch (RequestFailedException)
        {
            // Only tidying: a run-scoped Azurite is killed next anyway.
        }

        await _storage.DisposeAsync();
    }

    public override Task<IStateStore> CreateStoreAsync() => Task.FromResult<IStateStore>(TableStateStore.FromConnectionString(
        _storage.ConnectionString,
        new TableStateStoreOptions { TableName = _storage.UniqueName("e2estate"), ContainerName = _storage.UniqueName("e2elarge") }));

    public override IMessageBus CreateBus(bool isolated) =>
        new QueuePrefixBus(StorageQueueMessageBus.FromConnectionString(_storage.ConnectionString, BusOptions), isolated ? NewPrefix() : _sharedPrefix);

    public override (IMessageBus Bus, Action Sever) OpenSeverableConnection()
    {
        var policy = new SeverablePolicy();
        var queueOptions = new QueueClientOptions();
        queueOptions.AddPolicy(policy, HttpPipelinePosition.PerCall);
        var blobOptions = new BlobClientOptions();
        blobOptions.AddPolicy(policy, HttpPipelinePosition.PerCall);
        var bus = new StorageQueueMessageBus(new QueueServiceClient(_storage.ConnectionString, queueOptions), new BlobServiceClient(_storage.ConnectionString, blobOptions), BusOptions);
        return (new QueuePrefixBus(bus, _sharedPrefix), policy.Sever);
    }

    private string NewPrefix()
    {
        var prefix = _storage.UniqueName("e2e") + "-";
        _prefixes.Add(prefix);
        return prefix;
    }
}
