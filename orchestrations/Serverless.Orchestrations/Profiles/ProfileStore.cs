using System.Globalization;
using System.Text.Json;
using Serverless.Orchestrations.Activities;
using Serverless.Orchestrations.Ports;

namespace Serverless.Orchestrations.Profiles;

/// <summary>
/// Measured profiles of a function kept in the state store (partition <c>$profiles:{function}</c>) as exponential
/// moving averages (<see cref="Alpha"/>): reference work per segment in ms (a unit's duration times its region's
/// speed, shared evenly by its segments)
/// and serialised size per variable in bytes. The planner reads them through <see cref="GetAsync"/>.
/// Updates are read-modify-write without a lock: concurrent executions may lose a sample, never corrupt one.
/// </summary>
public sealed class ProfileStore(IStateStore store)
{
    public const double Alpha = 0.2;

    public static string Partition(string functionId) => "$profiles:" + functionId;

    public async Task<int> RecordAsync(ProfileBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var samples = new List<(string Variable, double Value)>();
        foreach (var unit in batch.Units)
        {
            if (unit.Segments.Count > 0)
            {
                // Reference work: a unit that took d ms in a region of speed s did d × s ms of reference work.
                var speed = unit.Speed is { } s && double.IsFinite(s) && s > 0 ? s : 1.0;
                var perSegment = unit.DurationMs * speed / unit.Segments.Count;
                samples.AddRange(unit.Segments.Select(s => (SegmentVariable(s), perSegment)));
            }

            samples.AddRange(unit.OutputBytes.Select(o => ("var/" + o.Key, (double)o.Value)));
        }

        foreach (var (variable, value) in samples)
        {
            var key = new StateKey(Partition(batch.FunctionId), variable, "avg");
            var current = await store.TryGetAsync(key, cancellationToken).ConfigureAwait(false);
            var average = current is { } bytes ? JsonSerializer.Deserialize<MovingAverage>(bytes.Span) ?? new MovingAverage(0, 0) : new MovingAverage(0, 0);
            await store.PutAsync(key, JsonSerializer.SerializeToUtf8Bytes(average.Add(value, Alpha)), cancellationToken).ConfigureAwait(false);
        }

        return samples.Count;
    }

    public async Task<FunctionProfile> GetAsync(string functionId, CancellationToken cancellationToken = default)
    {
        var segments = new Dictionary<int, MovingAverage>();
        var variables = new Dictionary<string, MovingAverage>(StringComparer.Ordinal);
        // Planning waits for this on every call: the averages are read at once, not one round trip after another.
        var keys = await store.ListAsync(Partition(functionId), cancellationToken).ConfigureAwait(false);
        var values = await Task.WhenAll(keys.Select(k => store.TryGetAsync(k, cancellationToken))).ConfigureAwait(false);
        foreach (var (key, value) in keys.Zip(values))
        {
            if (value is not { } bytes || JsonSerializer.Deserialize<MovingAverage>(bytes.Span) is not { } average)
            {
                continue;
            }

            if (key.Variable.StartsWith("segment/", StringComparison.Ordinal)
                && int.TryParse(key.Variable.AsSpan("segment/".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var segment))
            {
                segments[segment] = average;
            }
            else if (key.Variable.StartsWith("var/", StringComparison.Ordinal))
            {
                variables[key.Variable["var/".Length..]] = average;
            }
        }

        return new FunctionProfile(functionId, segments, variables);
    }

    private static string SegmentVariable(int segment) => "segment/" + segment.ToString(CultureInfo.InvariantCulture);
}
