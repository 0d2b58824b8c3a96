using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Azure;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Serverless.Orchestrations.Ports;

namespace Serverless.Azure.State;

/// <summary>
/// <see cref="IStateStore"/> on Azure Table Storage: partition = execution id, row = <c>{variable}@{unit}</c> (both
/// escaped by <see cref="TableKeys"/>, originals kept in the row). Values above
/// <see cref="TableStateStoreOptions.InlineLimitBytes"/> go to a blob named by the key and the value's SHA-256, with a
/// pointer in the row (claim check). <see cref="PutIfAbsentAsync"/> is an insert that fails on an existing row
/// (Table Storage's optimistic concurrency), so concurrent writers cannot overwrite each other. The table and the
/// container are created on first use.
/// </summary>
/// <remarks>
/// Blobs of values that were overwritten, or that lost a <see cref="PutIfAbsentAsync"/> race, are not deleted at
/// once (another writer may point at the same content-addressed blob); <see cref="DeleteAsync"/> and
/// <see cref="DeleteExecutionAsync"/> remove every blob of the key or execution.
/// </remarks>
public sealed class TableStateStore : IStateStore
{
    private const string ValueProperty = "v";
    private const string BlobProperty = "b";
    private const string SizeProperty = "n";
    private const string HashProperty = "h";
    private const string VariableProperty = "var";
    private const string UnitProperty = "unit";
    private const int MaxBatchActions = 100;

    // Table transactions are limited to 4 MiB of payload; binary values are base64 (4/3) in JSON.
    private const long MaxBatchValueBytes = 2 * 1024 * 1024;

    private readonly TableClient _table;
    private readonly BlobContainerClient _container;
    private readonly TableStateStoreOptions _options;
    private readonly AsyncOnce _ensureTable;
    private readonly AsyncOnce _ensureContainer;

    public TableStateStore(TableServiceClient tables, BlobServiceClient blobs, TableStateStoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(blobs);
        _options = options ?? new TableStateStoreOptions();
        _options.Validate();
        _table = tables.GetTableClient(_options.TableName);
        _container = blobs.GetBlobContainerClient(_options.ContainerName);
        _ensureTable = new AsyncOnce(async ct => await _table.CreateIfNotExistsAsync(ct).ConfigureAwait(false));
        _ensureContainer = new AsyncOnce(async ct => await _container.CreateIfNotExistsAsync(cancellationToken: ct).ConfigureAwait(false));
    }

    public TableStateStoreOptions Options => _options;

    /// <summary>Connects with a storage connection string (for example Azurite's, or <c>UseDevelopmentStorage=true</c>).</summary>
    public static TableStateStore FromConnectionString(string connectionString, TableStateStoreOptions? options = null)
    {
        var (tables, blobs) = StorageClients.FromConnectionString(connectionString, c => new TableServiceClient(c), c => new BlobServiceClient(c));
        return new TableStateStore(tables, blobs, options);
    }

    /// <summary>Connects with service endpoints and a token credential (a managed identity on Azure).</summary>
    public static TableStateStore FromServiceUris(Uri tableServiceUri, Uri blobServiceUri, TokenCredential credential, TableStateStoreOptions? options = null)
        => new(new TableServiceClient(tableServiceUri, credential), new BlobServiceClient(blobServiceUri, credential), options);

    public async Task PutAsync(StateKey key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default)
    {
        var entity = await BuildEntityAsync(key, value, cancellationToken).ConfigureAwait(false);
        await _ensureTable.RunAsync(cancellationToken).ConfigureAwait(false);
        await _table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    public async Task PutManyAsync(IReadOnlyList<KeyValuePair<StateKey, ReadOnlyMemory<byte>>> values, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        foreach (var (key, _) in values)
        {
            Validate(key);
        }

        if (values.Count == 0)
        {
            return;
        }

        await _ensureTable.RunAsync(cancellationToken).ConfigureAwait(false);

        // A transaction may not touch a row twice: the last write of a key wins, as with sequential puts.
        var last = new Dictionary<(string, string), int>();
        for (var i = 0; i < values.Count; i++)
        {
            last[(TableKeys.PartitionKey(values[i].Key.ExecutionId), TableKeys.RowKey(values[i].Key.Variable, values[i].Key.ProducingUnit))] = i;
        }

        foreach (var partition in last.GroupBy(e => e.Key.Item1, e => e.Value))
        {
            var batch = new List<TableTransactionAction>(MaxBatchActions);
            long batchBytes = 0;
            foreach (var index in partition.Order())
            {
                var (key, value) = values[index];
                var entity = await BuildEntityAsync(key, value, cancellationToken).ConfigureAwait(false);
                var inlineBytes = value.Length <= _options.InlineLimitBytes ? value.Length : 0;
                if (batch.Count == MaxBatchActions || (batch.Count > 0 && batchBytes + inlineBytes > MaxBatchValueBytes))
                {
                    await _table.SubmitTransactionAsync(batch, cancellationToken).ConfigureAwait(false);
                    batch = new List<TableTransactionAction>(MaxBatchActions);
                    batchBytes = 0;
                }

                batch.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity));
                batchBytes += inlineBytes + (2 * (key.Variable.Length + key.ProducingUnit.Length));
            }

            if (batch.Count > 0)
            {
                await _table.SubmitTransactionAsync(batch, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async Task<PutResult> PutIfAbsentAsync(StateKey key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default)
    {
        var entity = await BuildEntityAsync(key, value, cancellationToken).ConfigureAwait(false);
        await _ensureTable.RunAsync(cancellationToken).ConfigureAwait(false);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await _table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
                return PutResult.Added;
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                // Someone else's row is there: compare with it; if it vanished meanwhile, try the insert again.
                var existing = await ReadEntityAsync(entity.PartitionKey, entity.RowKey, cancellationToken).ConfigureAwait(false);
                if (existing is null && attempt < 5)
                {
                    continue;
                }

                if (existing is null)
                {
                    throw new InvalidOperationException($"PutIfAbsent of {key} kept conflicting with a row that is deleted before it can be read; another writer is deleting and re-creating this key in a loop.", ex);
                }

                return await SameValueAsync(existing, value, entity, cancellationToken).ConfigureAwait(false) ? PutResult.AlreadyEqual : PutResult.Conflict;
            }
        }
    }

    public async Task<ReadOnlyMemory<byte>?> TryGetAsync(StateKey key, CancellationToken cancellationToken = default)
    {
        Validate(key);
        var entity = await ReadEntityAsync(TableKeys.PartitionKey(key.ExecutionId), TableKeys.RowKey(key.Variable, key.ProducingUnit), cancellationToken).ConfigureAwait(false);
        return entity is null ? null : await ValueOfAsync(entity, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ReadOnlyMemory<byte>> GetAsync(StateKey key, CancellationToken cancellationToken = default)
        => await TryGetAsync(key, cancellationToken).ConfigureAwait(false) ?? throw new StateNotFoundException(key);

    public async Task<bool> DeleteAsync(StateKey key, CancellationToken cancellationToken = default)
    {
        Validate(key);
        var pk = TableKeys.PartitionKey(key.ExecutionId);
        var rk = TableKeys.RowKey(key.Variable, key.ProducingUnit);
        bool existed;
        try
        {
            await _ensureTable.RunAsync(cancellationToken).ConfigureAwait(false);
            var response = await _table.DeleteEntityAsync(pk, rk, ETag.All, cancellationToken).ConfigureAwait(false);
            existed = response.Status != 404;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            existed = false;
        }

        await DeleteBlobsAsync(BlobPrefix(pk, rk), cancellationToken).ConfigureAwait(false);
        return existed;
    }

    public async Task<IReadOnlyList<StateKey>> ListAsync(string executionId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(executionId);
        await _ensureTable.RunAsync(cancellationToken).ConfigureAwait(false);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.PartitionKey(executionId)}");
        var keys = new List<StateKey>();
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, select: ["RowKey", VariableProperty, UnitProperty], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var separator = e.RowKey.IndexOf(TableKeys.Separator, StringComparison.Ordinal);
            keys.Add(new StateKey(executionId, DecodePart(e, e.RowKey[..separator], VariableProperty), DecodePart(e, e.RowKey[(separator + 1)..], UnitProperty)));
        }

        return keys;
    }

    public async Task DeleteExecutionAsync(string executionId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(executionId);
        await _ensureTable.RunAsync(cancellationToken).ConfigureAwait(false);
        var pk = TableKeys.PartitionKey(executionId);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {pk}");
        var rows = new List<string>();
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(e.RowKey);
        }

        foreach (var chunk in rows.Chunk(MaxBatchActions))
        {
            var actions = chunk.Select(rk => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(pk, rk), ETag.All));
            try
            {
                await _table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 404)
            {
                // A row was deleted concurrently: delete the rest one by one.
                foreach (var rk in chunk)
                {
                    await _table.DeleteEntityAsync(pk, rk, ETag.All, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        await DeleteBlobsAsync(BlobPrefix(pk), cancellationToken).ConfigureAwait(false);
    }

    internal static string BlobPrefix(string partitionKey) => TableKeys.Hash(partitionKey)[..32] + "/";

    internal static string BlobPrefix(string partitionKey, string rowKey) => BlobPrefix(partitionKey) + TableKeys.Hash(rowKey)[..32] + "/";

    private static void Validate(StateKey key) => key.Validate();

    private static byte[] EncodeName(string name) => MemoryMarshal.AsBytes(name.AsSpan()).ToArray();

    private static string DecodePart(TableEntity entity, string part, string property)
    {
        if (!TableKeys.IsHashed(part))
        {
            return TableKeys.Unescape(part);
        }

        return entity.GetBinary(property) is { } bytes
            ? new string(MemoryMarshal.Cast<byte, char>(bytes))
            : throw new InvalidOperationException($"Row '{entity.RowKey}' of partition '{entity.PartitionKey}' has a hashed key part but no '{property}' property with the original name; it was not written by TableStateStore.");
    }

    private async Task<TableEntity> BuildEntityAsync(StateKey key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken)
    {
        Validate(key);
        var pk = TableKeys.PartitionKey(key.ExecutionId);
        var rk = TableKeys.RowKey(key.Variable, key.ProducingUnit);
        // A row holds only what it needs: the value, and the original names only when a key part had to be hashed
        // (escaped parts decode back exactly), so the common row is as small as a plain one.
        var entity = new TableEntity(pk, rk);
        var separator = rk.IndexOf(TableKeys.Separator, StringComparison.Ordinal);
        if (TableKeys.IsHashed(rk[..separator]))
        {
            entity[VariableProperty] = EncodeName(key.Variable);
        }

        if (TableKeys.IsHashed(rk[(separator + 1)..]))
        {
            entity[UnitProperty] = EncodeName(key.ProducingUnit);
        }

        if (value.Length <= _options.InlineLimitBytes)
        {
            entity[ValueProperty] = value.ToArray();
            return entity;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(value.Span));
        var blobName = BlobPrefix(pk, rk) + hash;
        await _ensureContainer.RunAsync(cancellationToken).ConfigureAwait(false);
        await _container.GetBlobClient(blobName).UploadAsync(BinaryData.FromBytes(value), overwrite: true, cancellationToken).ConfigureAwait(false);
        entity[BlobProperty] = blobName;
        entity[HashProperty] = hash;
        entity[SizeProperty] = (long)value.Length;
        return entity;
    }

    private async Task<TableEntity?> ReadEntityAsync(string pk, string rk, CancellationToken cancellationToken)
    {
        await _ensureTable.RunAsync(cancellationToken).ConfigureAwait(false);
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(pk, rk, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? response.Value : null;
    }

    /// <summary>The row's value, or null when its blob is gone (deleted together with the execution meanwhile).</summary>
    private async Task<ReadOnlyMemory<byte>?> ValueOfAsync(TableEntity entity, CancellationToken cancellationToken)
    {
        if (entity.GetString(BlobProperty) is not { } blobName)
        {
            return entity.GetBinary(ValueProperty) ?? [];
        }

        try
        {
            var download = await _container.GetBlobClient(blobName).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            return download.Value.Content.ToMemory();
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    private async Task<bool> SameValueAsync(TableEntity existing, ReadOnlyMemory<byte> value, TableEntity mine, CancellationToken cancellationToken)
    {
        if (existing.GetInt64(SizeProperty) is { } size && size != value.Length)
        {
            return false;
        }

        if (existing.GetString(HashProperty) is { } theirs && mine.GetString(HashProperty) is { } ours)
        {
            return string.Equals(theirs, ours, StringComparison.Ordinal);
        }

        var stored = await ValueOfAsync(existing, cancellationToken).ConfigureAwait(false);
        return stored is { } bytes && bytes.Span.SequenceEqual(value.Span);
    }

    private async Task DeleteBlobsAsync(string prefix, CancellationToken cancellationToken)
    {
        await _ensureContainer.RunAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var blob in _container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken).ConfigureAwait(false))
        {
            await _container.DeleteBlobIfExistsAsync(blob.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }
}
