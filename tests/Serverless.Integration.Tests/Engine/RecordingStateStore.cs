using System.Collections.Concurrent;
using Serverless.Orchestrations.Ports;

namespace Serverless.Integration.Tests.Engine;

/// <summary>
/// A state store that keeps a copy of every value written through it (the first one where a put-if-absent lost), so a
/// test can see what crossed between units after the execution's own cleanup deleted it. Everything else is the
/// wrapped store's behaviour.
/// </summary>
public sealed class RecordingStateStore(IStateStore inner) : IStateStore
{
    private readonly ConcurrentDictionary<StateKey, byte[]> _written = new();

    /// <summary>What was written for an execution, by key.</summary>
    public IReadOnlyDictionary<StateKey, byte[]> Written(string executionId)
        => _written.Where(p => p.Key.ExecutionId == executionId).ToDictionary(p => p.Key, p => p.Value);

    /// <summary>Drops what was recorded for an execution.</summary>
    public void Forget(string executionId)
    {
        foreach (var key in _written.Keys.Where(k => k.ExecutionId == executionId).ToList())
        {
            _written.TryRemove(key, out _);
        }
    }

    public async Task PutAsync(StateKey key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default)
    {
        await inner.PutAsync(key, value, cancellationToken).ConfigureAwait(false);
        _written[key] = value.ToArray();
    }

    public async Task PutManyAsync(IReadOnlyList<KeyValuePair<StateKey, ReadOnlyMemory<byte>>> values, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        await inner.PutManyAsync(values, cancellationToken).ConfigureAwait(false);
        foreach (var (key, value) in values)
        {
            _written[key] = value.ToArray();
        }
    }

    public async Task<PutResult> PutIfAbsentAsync(StateKey key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default)
    {
        var result = await inner.PutIfAbsentAsync(key, value, cancellationToken).ConfigureAwait(false);
        if (result != PutResult.Conflict)
        {
            _written.TryAdd(key, value.ToArray());
        }

        return result;
    }

    public Task<ReadOnlyMemory<byte>?> TryGetAsync(StateKey key, CancellationToken cancellationToken = default) => inner.TryGetAsync(key, cancellationToken);

    public Task<ReadOnlyMemory<byte>> GetAsync(StateKey key, CancellationToken cancellationToken = default) => inner.GetAsync(key, cancellationToken);

    public Task<bool> DeleteAsync(StateKey key, CancellationToken cancellationToken = default) => inner.DeleteAsync(key, cancellationToken);

    public Task<IReadOnlyList<StateKey>> ListAsync(string executionId, CancellationToken cancellationToken = default) => inner.ListAsync(executionId, cancellationToken);

    public Task DeleteExecutionAsync(string executionId, CancellationToken cancellationToken = default) => inner.DeleteExecutionAsync(executionId, cancellationToken);
}
