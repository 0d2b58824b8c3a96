using System.Net;
using Azure;
using Azure.Core;
using Azure.Data.Tables;
using Serverless.Orchestrations.Ports;

namespace Serverless.Azure.Annotations;

/// <summary>
/// Annotation overrides in Azure Table Storage: one entity per function (partition <c>fn</c>, row = function id),
/// optimistic concurrency through the entity's ETag. An update without <c>If-Match</c> still writes conditionally
/// on the ETag it read and retries, so concurrent patches of different members are never lost.
/// </summary>
public sealed class TableAnnotationStore : IAnnotationStore
{
    private const string Partition = "fn";
    private readonly TableClient _table;
    private readonly SemaphoreSlim _createGate = new(1, 1);
    private volatile bool _created;

    public TableAnnotationStore(TableClient table) => _table = table;

    /// <summary>The table the overrides are kept in.</summary>
    public const string DefaultTableName = "annotations";

    /// <summary>A store over table <paramref name="tableName"/> of the account in <paramref name="connectionString"/>.</summary>
    public static TableAnnotationStore FromConnectionString(string connectionString, string tableName = DefaultTableName)
        => new(new TableClient(connectionString, tableName));

    /// <summary>
    /// A store over table <paramref name="tableName"/> of the Table service at <paramref name="tableServiceUri"/>
    /// (<c>https://{account}.table.core.windows.net</c>), authenticated with <paramref name="credential"/> (the app's
    /// managed identity on Azure; it needs Storage Table Data Contributor).
    /// </summary>
    public static TableAnnotationStore FromServiceUri(Uri tableServiceUri, TokenCredential credential, string tableName = DefaultTableName)
    {
        ArgumentNullException.ThrowIfNull(tableServiceUri);
        ArgumentNullException.ThrowIfNull(credential);
        return new(new TableServiceClient(tableServiceUri, credential).GetTableClient(tableName));
    }

    /// <summary>The store of account <paramref name="accountName"/> in the public cloud, by token credential.</summary>
    public static TableAnnotationStore FromAccountName(string accountName, TokenCredential credential, string tableName = DefaultTableName)
        => string.IsNullOrWhiteSpace(accountName)
            ? throw new ArgumentException("The storage account name is empty; set Serverless__StorageAccountName.", nameof(accountName))
            : FromServiceUri(new Uri($"https://{accountName.Trim()}.table.core.windows.net"), credential, tableName);

    /// <summary>The URI of the table the overrides are kept in.</summary>
    public Uri TableUri => _table.Uri;

    public async Task<AnnotationEntry?> GetAsync(string functionId, CancellationToken cancellationToken = default)
    {
        CheckKey(functionId);
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(Partition, functionId, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? ToEntry(functionId, response.Value!) : null;
    }

    public async Task<AnnotationEntry> UpdateAsync(string functionId, AnnotationPatch patch, string? ifMatch, CancellationToken cancellationToken = default)
    {
        CheckKey(functionId);
        ArgumentNullException.ThrowIfNull(patch);
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        for (var attempt = 0; ; attempt++)
        {
            var current = await GetAsync(functionId, cancellationToken).ConfigureAwait(false);
            if (ifMatch is not null && ifMatch != (current?.ETag ?? AnnotationETags.None))
            {
                throw new AnnotationConflictException(functionId, ifMatch, current?.ETag);
            }

            var entity = ToEntity(functionId, patch.ApplyTo(current?.Overrides ?? AnnotationOverrides.Empty));
            try
            {
                Response response = current is null
                    ? await _table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false)
                    : await _table.UpdateEntityAsync(entity, new ETag(current.ETag), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return ToEntry(functionId, entity, response.Headers.ETag?.ToString() ?? string.Empty);
            }
            catch (RequestFailedException ex) when (ex.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.NotFound)
            {
                // Someone else wrote between our read and write: a conditional writer lost; an unconditional one retries.
                if (ifMatch is not null || attempt >= 10)
                {
                    throw new AnnotationConflictException(functionId, ifMatch ?? current?.ETag, null);
                }
            }
        }
    }

    internal static TableEntity ToEntity(string functionId, AnnotationOverrides overrides)
    {
        var entity = new TableEntity(Partition, functionId)
        {
            ["Splitable"] = overrides.Splitable,
            ["GeoRegions"] = overrides.GeoPreference is { } geo ? string.Join(',', geo.Regions) : null,
            ["GeoStrict"] = overrides.GeoPreference?.Strict,
            ["MemoryMb"] = overrides.ResourceConstraint?.MemoryMb,
            ["TimeoutSeconds"] = overrides.ResourceConstraint?.TimeoutSeconds,
        };
        return entity;
    }

    internal static AnnotationEntry ToEntry(string functionId, TableEntity entity, string? etag = null)
    {
        var regions = entity.GetString("GeoRegions");
        var memory = entity.GetInt32("MemoryMb");
        var timeout = entity.GetInt32("TimeoutSeconds");
        var overrides = new AnnotationOverrides(
            entity.GetBoolean("Splitable"),
            regions is null ? null : new GeoPreferenceOverride(regions.Split(',', StringSplitOptions.RemoveEmptyEntries), entity.GetBoolean("GeoStrict") ?? false),
            memory is { } m && timeout is { } t ? new ResourceConstraintOverride(m, t) : null);
        return new AnnotationEntry(functionId, overrides, etag ?? entity.ETag.ToString());
    }

    private static void CheckKey(string functionId)
    {
        ArgumentException.ThrowIfNullOrEmpty(functionId);

        // Row keys may not hold '/', '\\', '#', '?' or control characters; the API validates ids before they get here.
        if (functionId.Length > 512 || functionId.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c)))
        {
            throw new ArgumentException($"'{functionId}' cannot be a table row key.", nameof(functionId));
        }
    }

    private async Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        if (_created)
        {
            return;
        }

        await _createGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_created)
            {
                await _table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
                _created = true;
            }
        }
        finally
        {
            _createGate.Release();
        }
    }
}
