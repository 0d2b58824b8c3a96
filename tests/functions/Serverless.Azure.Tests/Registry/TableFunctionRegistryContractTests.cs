using Azure.Data.Tables;
using Serverless.Azure.Registry;
using Serverless.Orchestrations.Ports;
using Serverless.TestSupport;

namespace Serverless.Azure.Tests.Registry;

[Collection(StorageFixture.Collection)]
public sealed class TableFunctionRegistryContractTests : FunctionRegistryContractTests
{
    private readonly StorageFixture _storage;
    private readonly string _tableName;

    public TableFunctionRegistryContractTests(StorageFixture storage)
    {
        _storage = storage;
        _tableName = storage.UniqueName("functions");
        Registry = TableFunctionRegistry.FromConnectionString(storage.ConnectionString, _tableName);
    }

    protected override IFunctionRegistry Registry { get; }

    [Fact]
    public async Task RecordAsync_ThenANewRegistryOnTheSameTable_ListsWhatTheFirstRecorded()
    {
        var id = NewFunctionId();
        await Registry.RecordAsync([Unit(id, 0, "eastus")], DateTimeOffset.UnixEpoch);
        var other = TableFunctionRegistry.FromConnectionString(_storage.ConnectionString, _tableName);
        Assert.Equal(Unit(id, 0, "eastus"), Assert.Single(await other.ListAsync(id)).VirtualFunction);

        var rows = new TableServiceClient(_storage.ConnectionString).GetTableClient(_tableName).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"FunctionId eq {id}"));
        var count = 0;
        await foreach (var _ in rows)
        {
            count++;
        }

        Assert.Equal(1, count);
    }
}
