using System.Collections.Concurrent;
using Serverless.Contracts.Manifest;
using Serverless.Contracts.Plans;
using Serverless.Planning.Model;

namespace Serverless.Local.Demo;

/// <summary>
/// The demo's three regions made physical: what the cost model assumes is injected into the engine as real delays,
/// scaled by <see cref="TimeScale"/>. A work item waits for the network before its worker starts it (dispatch latency
/// of its region, plus latency and bandwidth time from where each input was produced: the origin for arguments,
/// the producing unit's region otherwise, and from where each segment's <c>[DataSource]</c> data lives); a unit's compute is stretched to its simulated work divided by the
/// region's speed; the result travels back to the origin before the orchestrator hears of it.
/// </summary>
internal sealed class SimulatedNetwork(PlanEnvironment environment, double timeScale)
{
    private static readonly AsyncLocal<string?> CurrentRegionSlot = new();
    private readonly ConcurrentDictionary<string, ExecutionFacts> _executions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, double[]> _work = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IReadOnlyList<DataRead>[]> _dataReads = new(StringComparer.Ordinal);

    public PlanEnvironment Environment { get; } = environment;

    public double TimeScale { get; } = timeScale;

    /// <summary>The region whose worker runs the current unit (set by the bus around the worker's handler).</summary>
    public static string? CurrentRegion
    {
        get => CurrentRegionSlot.Value;
        set => CurrentRegionSlot.Value = value;
    }

    /// <summary>Raised when a worker is about to start a unit, and when a unit's completion reaches the orchestrator.</summary>
    public event Action<UnitProgress>? Progress;

    public void SetWork(string functionId, double[] work) => _work[functionId] = work;

    /// <summary>The data each segment of the function reads where it lives (the graph's <c>dataReads</c>).</summary>
    public void SetDataReads(string functionId, FunctionGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        _dataReads[functionId] = [.. graph.Segments.Select(s => s.DataReads ?? [])];
    }

    /// <summary>
    /// How long a unit of these segments spends bringing their data to <paramref name="region"/>, in real
    /// milliseconds: as the cost model charges it, per segment and data region the latency plus the bytes over the
    /// bandwidth (nothing for data in the region itself).
    /// </summary>
    public double DataReadMs(string functionId, IEnumerable<int> segments, string region)
    {
        if (!_dataReads.TryGetValue(functionId, out var reads))
        {
            return 0;
        }

        return segments.Where(s => s >= 0 && s < reads.Length).SelectMany(s => reads[s]).Sum(d => TransferMs(d.Region, region, d.Bytes)) * TimeScale;
    }

    public void BeginExecution(string executionId, IReadOnlyDictionary<string, long> argumentBytes, long returnBytes)
        => _executions[executionId] = new ExecutionFacts(argumentBytes, returnBytes);

    public void EndExecution(string executionId) => _executions.TryRemove(executionId, out _);

    /// <summary>Simulated compute of some segments in a region, in real milliseconds.</summary>
    public double ComputeMs(string functionId, IEnumerable<int> segments, string region)
    {
        if (!_work.TryGetValue(functionId, out var work))
        {
            return 0;
        }

        var speed = Region(region)?.Speed ?? 1;
        return segments.Where(s => s >= 0 && s < work.Length).Sum(s => work[s]) / speed * TimeScale;
    }

    /// <summary>How long a work item travels before its worker may start it, in real milliseconds.</summary>
    public double InboundMs(string executionId, IEnumerable<(string Variable, int? Producer)> inputs, string region)
    {
        var facts = _executions.GetValueOrDefault(executionId);
        var fromRegion = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (variable, producer) in inputs)
        {
            string source;
            long bytes;
            if (producer is { } p && facts?.Units.TryGetValue(p, out var unit) == true)
            {
                source = unit.Region;
                bytes = unit.OutputBytes.GetValueOrDefault(variable, 0);
            }
            else
            {
                source = Environment.Origin;
                bytes = facts?.ArgumentBytes.GetValueOrDefault(variable, 0) ?? 0;
            }

            fromRegion[source] = fromRegion.GetValueOrDefault(source) + bytes;
        }

        var transfer = fromRegion.Count == 0 ? 0 : fromRegion.Max(kv => TransferMs(kv.Key, region, kv.Value));
        return (transfer + (Region(region)?.DispatchLatencyMs ?? 0)) * TimeScale;
    }

    /// <summary>Time for the result to reach the origin from the region of the unit that returned, in real milliseconds.</summary>
    public double ResultMs(string executionId, string region)
        => TransferMs(region, Environment.Origin, _executions.GetValueOrDefault(executionId)?.ReturnBytes ?? 0) * TimeScale;

    public void RecordCompletion(string executionId, int unitId, string region, IReadOnlyDictionary<string, int> outputBytes)
    {
        if (_executions.TryGetValue(executionId, out var facts))
        {
            facts.Units[unitId] = new UnitFacts(region, outputBytes);
        }
    }

    public void Report(UnitProgress progress) => Progress?.Invoke(progress);

    /// <summary>The cost model's transfer time between two locations (0 within one).</summary>
    public double TransferMs(string from, string to, long bytes)
    {
        if (string.Equals(from, to, StringComparison.Ordinal))
        {
            return 0;
        }

        return Lookup(Environment.Network.LatencyMs, from, to) + (bytes * 8.0 / (Environment.Network.BandwidthMbps * 1000));
    }

    /// <summary>A symmetric-by-default network map: a to b, else b to a, else 0.</summary>
    public static double Lookup(IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> map, string from, string to)
    {
        if (string.Equals(from, to, StringComparison.Ordinal))
        {
            return 0;
        }

        if (map.TryGetValue(from, out var row) && row.TryGetValue(to, out var v))
        {
            return v;
        }

        return map.TryGetValue(to, out var back) && back.TryGetValue(from, out var w) ? w : 0;
    }

    private RegionSpec? Region(string name) => Environment.Regions.FirstOrDefault(r => r.Name == name);

    private sealed record ExecutionFacts(IReadOnlyDictionary<string, long> ArgumentBytes, long ReturnBytes)
    {
        public ConcurrentDictionary<int, UnitFacts> Units { get; } = new();
    }

    private sealed record UnitFacts(string Region, IReadOnlyDictionary<string, int> OutputBytes);
}
