namespace Serverless.Orchestrations.Ports;

/// <summary>
/// The shared key-value store through which units exchange variables (JSON bytes). Implementations: in-memory
/// (embedded engine) and Azure Table Storage with Blob Storage for large values (claim check).
/// </summary>
public interface IStateStore
{
    /// <summary>Writes (or overwrites) a value.</summary>
    Task PutAsync(StateKey key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default);

    /// <summary>Writes several values; values of one execution are written in batches (one transaction per 100).</summary>
    Task PutManyAsync(IReadOnlyList<KeyValuePair<StateKey, ReadOnlyMemory<byte>>> values, CancellationToken cancellationToken = default);

    /// <summary>Writes a value unless a different one is already stored (optimistic concurrency).</summary>
    Task<PutResult> PutIfAbsentAsync(StateKey key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default);

    /// <summary>Reads a value, or null when absent.</summary>
    Task<ReadOnlyMemory<byte>?> TryGetAsync(StateKey key, CancellationToken cancellationToken = default);

    /// <summary>Reads a value; throws <see cref="StateNotFoundException"/> when absent.</summary>
    Task<ReadOnlyMemory<byte>> GetAsync(StateKey key, CancellationToken cancellationToken = default);

    /// <summary>Deletes a value; false when it was absent.</summary>
    Task<bool> DeleteAsync(StateKey key, CancellationToken cancellationToken = default);

    /// <summary>Lists the keys of an execution's values.</summary>
    Task<IReadOnlyList<StateKey>> ListAsync(string executionId, CancellationToken cancellationToken = default);

    /// <summary>Deletes every value of an execution, including large values kept outside the table.</summary>
    Task DeleteExecutionAsync(string executionId, CancellationToken cancellationToken = default);
}
