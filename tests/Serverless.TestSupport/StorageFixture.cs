using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Containers;
using Serverless.Development;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Serverless.TestSupport;

/// <summary>
/// Gives integration tests one storage account per test run: <c>SERVERLESS_TEST_STORAGE</c> if set; else Azurite in
/// Docker through Testcontainers when a Docker engine answers; else Azurite from <c>node_modules</c> (installed with
/// <c>npm ci</c> when missing) on free loopback ports, killed by process id at the end. Says which in the test output.
/// Use it as a collection fixture: <c>[CollectionDefinition(StorageFixture.Collection)] class X : ICollectionFixture&lt;StorageFixture&gt;</c>.
/// </summary>
public sealed class StorageFixture : IAsyncLifetime
{
    public const string Collection = "Storage";
    public const string EnvironmentVariable = "SERVERLESS_TEST_STORAGE";
    public const string AzuriteImage = "mcr.microsoft.com/azure-storage/azurite:3.37.0";

    private readonly IMessageSink _sink;
    private AzuriteLauncher? _launcher;
    private IContainer? _container;
    private string? _connectionString;
    private readonly System.Collections.Concurrent.ConcurrentBag<string> _issued = [];
    private int _names;

    public StorageFixture(IMessageSink sink) => _sink = sink;

    /// <summary>The storage connection string (blob, queue and table endpoints).</summary>
    public string ConnectionString => _connectionString ?? throw new InvalidOperationException("StorageFixture is not initialised; use it as an xunit collection or class fixture.");

    /// <summary>Which storage the run uses, in words.</summary>
    public string Source { get; private set; } = "none";

    /// <summary>A name unique in this run, valid for tables, queues and containers: a letter prefix, then lowercase hex.</summary>
    public string UniqueName(string prefix)
    {
        var name = (prefix + Interlocked.Increment(ref _names).ToString("x4", System.Globalization.CultureInfo.InvariantCulture) + Environment.ProcessId.ToString("x", System.Globalization.CultureInfo.InvariantCulture)).ToLowerInvariant();
        _issued.Add(name);
        return name;
    }

    public async Task InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } configured)
        {
            _connectionString = configured;
            Source = $"the storage account in {EnvironmentVariable}";
        }
        else if (await DockerProbe.IsAvailableAsync().ConfigureAwait(false))
        {
            _container = new ContainerBuilder(AzuriteImage)
                .WithPortBinding(10000, assignRandomHostPort: true)
                .WithPortBinding(10001, assignRandomHostPort: true)
                .WithPortBinding(10002, assignRandomHostPort: true)
                .WithCommand("azurite", "--blobHost", "0.0.0.0", "--queueHost", "0.0.0.0", "--tableHost", "0.0.0.0", "--inMemoryPersistence", "--skipApiVersionCheck", "--loose")
                .WithWaitStrategy(Wait.ForUnixContainer().UntilInternalTcpPortIsAvailable(10000).UntilInternalTcpPortIsAvailable(10001).UntilInternalTcpPortIsAvailable(10002))
                .Build();
            await _container.StartAsync().ConfigureAwait(false);
            _connectionString = AzuriteLauncher.BuildConnectionString(_container.GetMappedPublicPort(10000), _container.GetMappedPublicPort(10001), _container.GetMappedPublicPort(10002), _container.Hostname);
            Source = $"Azurite in Docker ({AzuriteImage}, Testcontainers)";
        }
        else
        {
            _launcher = await AzuriteLauncher.StartAsync().ConfigureAwait(false);
            _connectionString = _launcher.ConnectionString;
            Source = $"Azurite from node_modules (pid {_launcher.ProcessId}, blob {_launcher.BlobPort}, queue {_launcher.QueuePort}, table {_launcher.TablePort}); no Docker engine answered on {DockerProbe.SocketPath}";
        }

        var line = $"Storage for integration tests: {Source}";
        _sink.OnMessage(new DiagnosticMessage(line));
        Console.WriteLine(line);
    }

    public async Task DisposeAsync()
    {
        if (_launcher is null && _container is null && _connectionString is not null)
        {
            await DeleteIssuedResourcesAsync(_connectionString).ConfigureAwait(false);
        }

        if (_launcher is not null)
        {
            await _launcher.DisposeAsync().ConfigureAwait(false);
        }

        if (_container is not null)
        {
            await _container.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>On a persistent account, removes every table, container and queue a test named with <see cref="UniqueName"/>.</summary>
    private async Task DeleteIssuedResourcesAsync(string connectionString)
    {
        var tables = new TableServiceClient(connectionString);
        var blobs = new BlobServiceClient(connectionString);
        var queues = new QueueServiceClient(connectionString);
        foreach (var name in _issued.Distinct())
        {
            try
            {
                if (name.All(char.IsAsciiLetterOrDigit))
                {
                    await tables.DeleteTableAsync(name).ConfigureAwait(false);
                }

                await blobs.GetBlobContainerClient(name).DeleteIfExistsAsync().ConfigureAwait(false);
                await queues.GetQueueClient(name).DeleteIfExistsAsync().ConfigureAwait(false);
                await queues.GetQueueClient(name + "-poison").DeleteIfExistsAsync().ConfigureAwait(false);
            }
            catch (RequestFailedException ex)
            {
                _sink.OnMessage(new DiagnosticMessage($"Could not delete test resource '{name}': {ex.Message}"));
            }
        }
    }
}
