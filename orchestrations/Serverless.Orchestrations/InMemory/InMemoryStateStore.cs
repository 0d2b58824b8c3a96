using System.Collections.Concurrent;
using Serverless.Orchestrations.Ports;

namespace Serverless.Orchestrations.InMemory;

/// <summary>
/// <see cref="IStateStore"/> in process memory, for the embedded engine and tests. Same contract as the Table store:
/// any string is a valid key part, values are copied in and out (callers may reuse their buffers), and
/// <see cref="PutIfAbsentAsync"/> is atomic. It has no size limits to emulate.
/// </summary>
public sealed class InMemoryStateStore : IStateStore
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<(string Variable, string Unit), byte[]>> _executions = new(StringComparer.Ordinal);

    public Task PutAsync(StateKey key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default)
    {
        Validate(key);
        cancellationToken.ThrowIfCancellationRequested();
        Partition(key.ExecutionId)[(key.Variable, key.ProducingUnit)] = value.ToArray();
        return Task.CompletedTask;
    }

    public Task PutManyAsync(IReadOnlyList<KeyValuePair<StateKey, ReadOnlyMemory<byte>>> values, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        foreach (var (key, _) in values)
        {
            Validate(key);
        }

        cancellationToken.ThrowIfCancellationRequested();
        foreach (var (key, value) in values)
        {
            Partition(key.ExecutionId)[(key.Variable, key.ProducingUnit)] = value.ToArray();
        }

        return Task.CompletedTask;
    }

    public Task<PutResult> PutIfAbsentAsync(StateKey key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default)
    {
        Validate(key);
        cancellationToken.ThrowIfCancellationRequested();
        // A fresh array even for empty values (ToArray returns a shared empty one): identity tells who added.
        var mine = new byte[value.Length];
        value.CopyTo(mine);
        var stored = Partition(key.ExecutionId).GetOrAdd((key.Variable, key.ProducingUnit), mine);
        var result = ReferenceEquals(stored, mine) ? PutResult.Added
            : stored.AsSpan().SequenceEqual(mine) ? PutResult.AlreadyEqual
            : PutResult.Conflict;
        return Task.FromResult(result);
    }

    public Task<ReadOnlyMemory<byte>?> TryGetAsync(StateKey key, CancellationToken cancellationToken = default)
    {
        Validate(key);
        cancellationToken.ThrowIfCancellationRequested();
        if (_executions.TryGetValue(key.ExecutionId, out var partition) && partition.TryGetValue((key.Variable, key.ProducingUnit), out var bytes))
        {
            return Task.FromResult<ReadOnlyMemory<byte>?>(bytes.ToArray());
        }

        return Task.FromResult<ReadOnlyMemory<byte>?>(null);
    }

    public async Task<ReadOnlyMemory<byte>> GetAsync(StateKey key, CancellationToken cancellationToken = default)
        => await TryGetAsync(key, cancellationToken).ConfigureAwait(false) ?? throw new StateNotFoundException(key);

    public Task<bool> DeleteAsync(StateKey key, CancellationToken cancellationToken = default)
    {
        Validate(key);
        cancellationToken.ThrowIfCancellationRequested();
        var removed = _executions.TryGetValue(key.ExecutionId, out var partition)
            && partition.TryRemove((key.Variable, key.ProducingUnit), out _);
        return Task.FromResult(removed);
    }

    public Task<IReadOnlyList<StateKey>> ListAsync(string executionId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(executionId);
        cancellationToken.ThrowIfCancellationRequested();
        IReadOnlyList<StateKey> keys = _executions.TryGetValue(executionId, out var partition)
            ? partition.Keys.Select(k => new StateKey(executionId, k.Variable, k.Unit)).ToList()
            : [];
        return Task.FromResult(keys);
    }

    public Task DeleteExecutionAsync(string executionId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(executionId);
        cancellationToken.ThrowIfCancellationRequested();
        _executions.TryRemove(executionId, out _);
        return Task.CompletedTask;
    }

    private ConcurrentDictionary<(string Variable, string Unit), byte[]> Partition(string executionId)
        => _executions.GetOrAdd(executionId, static _ => new ConcurrentDictionary<(string, string), byte[]>());

    private static void Validate(StateKey key) => key.Validate();
}
