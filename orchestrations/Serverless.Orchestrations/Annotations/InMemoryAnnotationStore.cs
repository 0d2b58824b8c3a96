using Serverless.Orchestrations.Ports;

namespace Serverless.Orchestrations.Annotations;

/// <summary>
/// The embedded engine's annotation store: one dictionary under a lock. ETags are a per-store version counter
/// (deterministic; no GUIDs), so a stale ETag never matches again.
/// </summary>
public sealed class InMemoryAnnotationStore : IAnnotationStore
{
    private readonly Dictionary<string, AnnotationEntry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private long _version;

    /// <summary>How many functions have stored overrides (for tests: nothing is stored when a request is rejected).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    public Task<AnnotationEntry?> GetAsync(string functionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(functionId);
        lock (_gate)
        {
            return Task.FromResult(_entries.GetValueOrDefault(functionId));
        }
    }

    public Task<AnnotationEntry> UpdateAsync(string functionId, AnnotationPatch patch, string? ifMatch, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(functionId);
        ArgumentNullException.ThrowIfNull(patch);
        lock (_gate)
        {
            var current = _entries.GetValueOrDefault(functionId);
            if (ifMatch is not null)
            {
                var matches = current is null ? ifMatch == AnnotationETags.None : ifMatch == current.ETag;
                if (!matches)
                {
                    throw new AnnotationConflictException(functionId, ifMatch, current?.ETag);
                }
            }

            var updated = new AnnotationEntry(functionId, patch.ApplyTo(current?.Overrides ?? AnnotationOverrides.Empty), $"\"{++_version}\"");
            _entries[functionId] = updated;
            return Task.FromResult(updated);
        }
    }
}
