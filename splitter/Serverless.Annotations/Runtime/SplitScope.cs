using System;
using System.Collections.Generic;

namespace Serverless.Annotations.Runtime;

/// <summary>
/// The standard <see cref="ISplitScope"/>: values set by segments stay live objects within a unit; values that
/// come from another unit arrive as JSON and are deserialised on first read; <see cref="Export"/> gives JSON back.
/// Not thread-safe: one unit runs its segments in order.
/// </summary>
public sealed class SplitScope : ISplitScope
{
    private readonly Dictionary<string, Entry> _values = new(StringComparer.Ordinal);

    /// <summary>Names of all values held.</summary>
    public IEnumerable<string> Names => _values.Keys;

    /// <inheritdoc/>
    public bool Contains(string name) => _values.ContainsKey(name);

    /// <summary>Puts a variable's JSON value (replacing any live value).</summary>
    public void SetJson(string name, ReadOnlyMemory<byte> json) => _values[name] = new Entry(json.ToArray());

    /// <inheritdoc/>
    public T Get<T>(string name)
    {
        if (!_values.TryGetValue(name, out var entry))
        {
            throw new SplitVariableMissingException(name);
        }

        if (entry.HasLive && (entry.Live is T || entry.Live is null))
        {
            return (T)entry.Live!;
        }

        var json = entry.Json ?? SplitJson.Serialize(entry.Live, entry.Type ?? typeof(object));
        var value = (T)SplitJson.Deserialize(json, typeof(T))!;
        _values[name] = new Entry(value, typeof(T));
        return value;
    }

    /// <inheritdoc/>
    public void Set<T>(string name, T value) => _values[name] = new Entry(value, typeof(T));

    /// <summary>
    /// A variable's value as JSON (serialised as the type it was set with) for another unit; throws
    /// <see cref="SplitFidelityException"/> when it would not arrive intact (see <see cref="SplitJson.SerializeCrossing"/>).
    /// </summary>
    public byte[] Export(string name)
    {
        if (!_values.TryGetValue(name, out var entry))
        {
            throw new SplitVariableMissingException(name);
        }

        return entry.HasLive ? SplitJson.SerializeCrossing(name, entry.Live, entry.Type ?? typeof(object)) : entry.Json!;
    }

    private readonly struct Entry
    {
        public Entry(byte[] json)
        {
            Json = json;
            Live = null;
            Type = null;
            HasLive = false;
        }

        public Entry(object? live, Type type)
        {
            Json = null;
            Live = live;
            Type = type;
            HasLive = true;
        }

        public byte[]? Json { get; }

        public object? Live { get; }

        public Type? Type { get; }

        public bool HasLive { get; }
    }
}
