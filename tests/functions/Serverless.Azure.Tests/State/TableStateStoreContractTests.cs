using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Serverless.Azure.State;
using Serverless.Orchestrations.Ports;
using Serverless.TestSupport;

namespace Serverless.Azure.Tests.State;

[Collection(StorageFixture.Collection)]
public sealed class TableStateStoreContractTests : StateStoreContractTests
{
    private readonly StorageFixture _storage;
    private readonly TableStateStore _store;

    public TableStateStoreContractTests(StorageFixture storage)
    {
        _storage = storage;
        _store = TableStateStore.FromConnectionString(storage.ConnectionString, new TableStateStoreOptions
        {
            TableName = storage.UniqueName("state"),
            ContainerName = storage.UniqueName("state-large"),
        });
    }

    protected override IStateStore Store => _store;

    protected override int InlineLimitBytes => _store.Options.InlineLimitBytes;

    protected override async Task AssertNothingLeftAsync(string executionId)
    {
        var container = new BlobServiceClient(_storage.ConnectionString).GetBlobContainerClient(_store.Options.ContainerName);
        var prefix = TableStateStore.BlobPrefix(TableKeys.PartitionKey(executionId));
        var left = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, default))
        {
            left.Add(blob.Name);
        }

        Assert.Empty(left);
        var entities = new TableServiceClient(_storage.ConnectionString).GetTableClient(_store.Options.TableName)
            .QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.PartitionKey(executionId)}"));
        await foreach (var e in entities)
        {
            Assert.Fail($"row {e.RowKey} of the deleted execution is still in the table");
        }
    }

    [Fact]
    public async Task PutAsync_LargeValue_StoredInBlobWithPointerSmallValueInline()
    {
        var execution = NewExecutionId();
        await _store.PutAsync(new StateKey(execution, "small", "u"), RandomBytes(100, 1));
        await _store.PutAsync(new StateKey(execution, "large", "u"), RandomBytes(InlineLimitBytes + 1, 2));

        var table = new TableServiceClient(_storage.ConnectionString).GetTableClient(_store.Options.TableName);
        var pk = TableKeys.PartitionKey(execution);
        var small = (await table.GetEntityAsync<TableEntity>(pk, TableKeys.RowKey("small", "u"))).Value;
        var large = (await table.GetEntityAsync<TableEntity>(pk, TableKeys.RowKey("large", "u"))).Value;
        Assert.Equal(RandomBytes(100, 1), small.GetBinary("v"));
        Assert.Null(small.GetString("b"));
        Assert.Null(large.GetBinary("v"));
        var blobName = large.GetString("b");
        Assert.NotNull(blobName);
        var blob = new BlobServiceClient(_storage.ConnectionString).GetBlobContainerClient(_store.Options.ContainerName).GetBlobClient(blobName);
        Assert.Equal(RandomBytes(InlineLimitBytes + 1, 2), (await blob.DownloadContentAsync()).Value.Content.ToArray());
    }

    [Fact]
    public async Task TryGetAsync_BlobRemovedBehindTheStoresBack_ReturnsNullNotAnSdkError()
    {
        var key = new StateKey(NewExecutionId(), "large", "u");
        await _store.PutAsync(key, RandomBytes(InlineLimitBytes + 10, 3));
        var container = new BlobServiceClient(_storage.ConnectionString).GetBlobContainerClient(_store.Options.ContainerName);
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, TableStateStore.BlobPrefix(TableKeys.PartitionKey(key.ExecutionId)), default))
        {
            await container.DeleteBlobAsync(blob.Name);
        }

        Assert.Null(await _store.TryGetAsync(key));
        await Assert.ThrowsAsync<StateNotFoundException>(() => _store.GetAsync(key));
    }

    [Fact]
    public async Task Store_WithSmallerInlineLimit_SpillsAboveItAndReadsBack()
    {
        var store = TableStateStore.FromConnectionString(_storage.ConnectionString, new TableStateStoreOptions
        {
            TableName = _storage.UniqueName("small"),
            ContainerName = _storage.UniqueName("small-large"),
            InlineLimitBytes = 16,
        });
        var key = new StateKey(NewExecutionId(), "v", "u");
        await store.PutAsync(key, RandomBytes(17, 4));
        Assert.Equal(RandomBytes(17, 4), (await store.GetAsync(key)).ToArray());
        Assert.Equal(PutResult.AlreadyEqual, await store.PutIfAbsentAsync(key, RandomBytes(17, 4)));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(64 * 1024 + 1)]
    public void Options_InlineLimitOutOfRange_ThrowsNamingTheSetting(int limit)
    {
        var ex = Assert.Throws<ArgumentException>(() => TableStateStore.FromConnectionString(_storage.ConnectionString, new TableStateStoreOptions { InlineLimitBytes = limit }));
        Assert.Contains("InlineLimitBytes", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a connection string")]
    public void FromConnectionString_Malformed_ThrowsArgumentExceptionWithExample(string connectionString)
    {
        var ex = Assert.Throws<ArgumentException>(() => TableStateStore.FromConnectionString(connectionString));
        Assert.Contains("UseDevelopmentStorage=true", ex.Message, StringComparison.Ordinal);
    }
}
