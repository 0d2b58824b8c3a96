using System.Globalization;
using Azure.Core;
using Azure.Data.Tables;
using Serverless.Azure.State;
using Serverless.Orchestrations.Ports;

namespace Serverless.Azure.Registry;

/// <summary>
/// The deployed virtual functions in Azure Table Storage: one entity per unit and region, partitioned by function id
/// (escaped with <see cref="TableKeys"/>, so any id is a valid key), row <c>{region}@u{unit}</c>. The originals are
/// kept beside the keys, so a hashed key still lists the right function. Recording again replaces the entity.
/// </summary>
public sealed class TableFunctionRegistry : IFunctionRegistry
{
    /// <summary>The table the registry is kept in.</summary>
    public const string DefaultTableName = "functions";

    private readonly TableClient _table;
    private readonly AsyncOnce _ensureTable;

    public TableFunctionRegistry(TableClient table)
    {
        _table = table ?? throw new ArgumentNullException(nameof(table));
        _ensureTable = new AsyncOnce(async ct => await _table.CreateIfNotExistsAsync(ct).ConfigureAwait(false));
    }

    /// <summary>A registry over table <paramref name="tableName"/> of the account in <paramref name="connectionString"/>.</summary>
    public static TableFunctionRegistry FromConnectionString(string connectionString, string tableName = DefaultTableName)
        => new(new TableClient(connectionString, tableName));

    /// <summary>
    /// A registry over table <paramref name="tableName"/> of the Table service at <paramref name="tableServiceUri"/>
    /// (<c>https://{account}.table.core.windows.net</c>), authenticated with <paramref name="credential"/> (the app's
    /// managed identity on Azure; it needs Storage Table Data Contributor).
    /// </summary>
    public static TableFunctionRegistry FromServiceUri(Uri tableServiceUri, TokenCredential credential, string tableName = DefaultTableName)
    {
        ArgumentNullException.ThrowIfNull(tableServiceUri);
        ArgumentNullException.ThrowIfNull(credential);
        return new(new TableServiceClient(tableServiceUri, credential).GetTableClient(tableName));
    }

    /// <summary>The URI of the table the registry is kept in.</summary>
    public Uri TableUri => _table.Uri;

    public async Task RecordAsync(IReadOnlyList<VirtualFunction> functions, DateTimeOffset deployedAt, CancellationToken cancellationToken = default)
    {
        FunctionRegistryRules.Validate(functions);
        if (functions.Count == 0)
        {
            return;
        }

        await _ensureTable.RunAsync(cancellationToken).ConfigureAwait(false);
        foreach (var function in functions)
        {
            await _table.UpsertEntityAsync(ToEntity(function, deployedAt), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<DeployedFunction>> ListAsync(string functionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(functionId);
        await _ensureTable.RunAsync(cancellationToken).ConfigureAwait(false);
        var entries = new List<DeployedFunction>();
        var partition = TableKeys.PartitionKey(functionId);
        await foreach (var entity in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (entity.GetString("FunctionId") == functionId)
            {
                entries.Add(ToEntry(entity));
            }
        }

        return FunctionRegistryRules.Order(entries);
    }

    internal static TableEntity ToEntity(VirtualFunction function, DateTimeOffset deployedAt)
        => new(TableKeys.PartitionKey(function.FunctionId), TableKeys.EncodePart(function.Region) + TableKeys.Separator + "u" + function.UnitId.ToString(CultureInfo.InvariantCulture))
        {
            ["Id"] = function.Id,
            ["FunctionId"] = function.FunctionId,
            ["UnitId"] = function.UnitId,
            ["Segments"] = string.Join(',', function.Segments.Select(s => s.ToString(CultureInfo.InvariantCulture))),
            ["Region"] = function.Region,
            ["MemoryMb"] = function.MemoryMb,
            ["TimeoutSeconds"] = function.TimeoutSeconds,
            ["PackageVersion"] = function.PackageVersion,
            ["DeployedAt"] = deployedAt,
        };

    internal static DeployedFunction ToEntry(TableEntity entity)
    {
        var segments = entity.GetString("Segments") ?? string.Empty;
        return new DeployedFunction(
            new VirtualFunction(
                entity.GetString("Id") ?? string.Empty,
                entity.GetString("FunctionId") ?? string.Empty,
                entity.GetInt32("UnitId") ?? 0,
                [.. segments.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture))],
                entity.GetString("Region") ?? string.Empty,
                entity.GetInt32("MemoryMb") ?? 0,
                entity.GetInt32("TimeoutSeconds") ?? 0,
                entity.GetString("PackageVersion") ?? string.Empty),
            entity.GetDateTimeOffset("DeployedAt") ?? DateTimeOffset.MinValue);
    }
}
