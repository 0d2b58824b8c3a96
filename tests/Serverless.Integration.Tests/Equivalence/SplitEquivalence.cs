using System.Text;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Serverless.Annotations.Runtime;
using Serverless.Contracts.Manifest;
using Serverless.Contracts.Plans;
using Serverless.Integration.Tests.Engine;
using Serverless.Local.Engine;
using Serverless.Orchestrations.Contracts;
using Serverless.Orchestrations.InMemory;
using Serverless.Orchestrations.Ports;
using Serverless.Orchestrations.Runtime;
using Serverless.Splitting.Generator.Tests;

namespace Serverless.Integration.Tests.Equivalence;

/// <summary>
/// One function, one set of arguments, many splits: each split runs on the reference executor and on the engine
/// (the fixture's backend, with the generated segment executors), and both must agree with the direct call on the
/// outcome (the result, or the exception's type and message) and on every variable that crosses a unit: the value a
/// unit receives is the value the variable has after its producing segment in an unsplit run (all segments in source
/// order in one scope, as the direct call runs them). The engine must also store nothing that no other unit reads.
/// </summary>
internal sealed class SplitEquivalence(EngineFixture fixture)
{
    /// <summary>How many executions of one function run on the engine at once (one when it shares static state).</summary>
    private const int Parallelism = 8;

    private static int _executions;

    /// <summary>Splits checked so far (for the tests' own sanity checks).</summary>
    public int Checked { get; private set; }

    /// <summary>What disagreed, one line per difference (empty: everything agreed).</summary>
    public async Task<IReadOnlyList<string>> CheckAsync(RegisteredFunction entry, string argumentsJson, IEnumerable<IReadOnlyList<IReadOnlyList<int>>> splits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var function = entry.Function;
        var arguments = SplitArguments.Bind(function, Encoding.UTF8.GetBytes(argumentsJson));
        var direct = await Outcome.OfAsync(() => function.InvokeOriginalAsync(SplitArguments.ToValues(function, arguments)), function.ResultType);
        var trace = entry.IsSplittable ? await TraceAsync(entry, arguments) : new Trace([], int.MaxValue);
        var runner = new GeneratedSegmentRunner(new SplitFunctionRegistry([function]));
        fixture.Runner.Register(entry.Id, runner.RunAsync);

        var all = entry.IsSplittable ? splits.Select(Topological(entry.Graph)).ToList() : [SplitUnits.One(Math.Max(1, entry.Graph.Segments.Count))];
        var sharesState = entry.Graph.Edges.Any(e => e.Kind == EdgeKinds.Order);
        using var gate = new SemaphoreSlim(sharesState ? 1 : Parallelism);
        var results = await Task.WhenAll(all.Select(async units =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                var found = new List<string>();
                await CheckReferenceAsync(entry, units, arguments, direct, trace, found);
                await CheckEngineAsync(entry, units, arguments, direct, trace, found, cancellationToken);
                return found.Select(f => $"{entry.Id} {argumentsJson} units {Describe(units)}: {f}").ToList();
            }
            finally
            {
                gate.Release();
            }
        }));

        Checked += all.Count;
        var failures = results.SelectMany(r => r).ToList();
        if (failures.Count > 0)
        {
            failures.Add("manifest: " + function.ManifestJson);
        }

        return failures;
    }

    private static async Task CheckReferenceAsync(
        RegisteredFunction entry, IReadOnlyList<IReadOnlyList<int>> units, IReadOnlyDictionary<string, ReadOnlyMemory<byte>> arguments, Outcome direct, Trace trace, List<string> found)
    {
        var store = new InMemoryStateStore();
        var executionId = "ref" + Interlocked.Increment(ref _executions);
        var outcome = await Outcome.OfAsync(async () => (await new LocalSplitExecutor(store).RunAsync(entry, units, arguments, executionId)).Result, entry.Function.ResultType);
        if (outcome != direct)
        {
            found.Add($"reference executor: direct {direct}, split {outcome}");
        }

        if (!entry.IsSplittable)
        {
            return;
        }

        foreach (var key in await store.ListAsync(executionId))
        {
            var dot = key.ProducingUnit.IndexOf('.', StringComparison.Ordinal);
            if (key.Variable == LocalSplitExecutor.ResultVariable || dot < 0)
            {
                continue;
            }

            var segment = int.Parse(key.ProducingUnit[(dot + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            var value = await store.GetAsync(key);
            Compare("reference executor", key.Variable, segment, value.ToArray(), trace, found);
        }
    }

    private async Task CheckEngineAsync(
        RegisteredFunction entry, IReadOnlyList<IReadOnlyList<int>> units, IReadOnlyDictionary<string, ReadOnlyMemory<byte>> arguments, Outcome direct, Trace trace, List<string> found, CancellationToken cancellationToken)
    {
        var executionId = "eq" + Interlocked.Increment(ref _executions) + "-" + Guid.NewGuid().ToString("N")[..8];
        var graph = EngineGraphs.For(entry);
        var placements = units.Select((u, i) => new UnitPlacement(u, EngineFixture.Regions[i % EngineFixture.Regions.Count])).ToList();
        var values = arguments.ToDictionary(a => a.Key, a => JsonDocument.Parse(a.Value).RootElement.Clone(), StringComparer.Ordinal);
        var plan = ExecutionPlanBuilder.Build(executionId, graph, placements, values, 512, 120, EngineFixture.Regions);

        // One attempt: a segment's own exception is the call's outcome, not something to retry.
        plan = plan with { Options = new ExecutionOptions { MaxAttempts = 1, RecordProfiles = false } };
        var outcome = await fixture.Engine.RunAsync(plan, cancellationToken);
        var engine = outcome.Status switch
        {
            OrchestrationRuntimeStatus.Completed => new Outcome(entry.Function.ResultType is { } type ? Normalize(outcome.Result?.Result, type) : null, null, null),
            _ => new Outcome(null, outcome.Error?.Type, outcome.Error?.Message),
        };
        if (engine != direct)
        {
            found.Add($"engine on {fixture.Backend}: direct {direct}, engine {engine}");
        }

        var written = fixture.State.Written(executionId);
        fixture.State.Forget(executionId);
        if (!entry.IsSplittable)
        {
            return;
        }

        var unitOf = SplitUnits.UnitOfSegment(entry.Graph.Segments.Count, units);
        var crossing = entry.Graph.Edges.Where(e => e.Kind == EdgeKinds.Data && unitOf[e.From] != unitOf[e.To]).ToList();
        var ran = outcome.Result?.Units.Select(u => u.Id).ToHashSet() ?? [];
        foreach (var (key, value) in written)
        {
            if (key.ProducingUnit == StateKeys.ArgumentsUnit || key.Variable.StartsWith('$'))
            {
                continue;
            }

            // A crossing value is stored as its producing segment left it: {variable}@{unit}.{segment}.
            var parts = key.ProducingUnit.Split('.');
            if (parts.Length != 2 || !int.TryParse(parts[0], System.Globalization.CultureInfo.InvariantCulture, out var unit) || !int.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var segment))
            {
                found.Add($"engine stored '{key.Variable}' as produced by '{key.ProducingUnit}', not by one segment of a unit");
                continue;
            }

            if (!crossing.Any(e => e.From == segment && unitOf[segment] == unit && e.Variables.Contains(key.Variable)))
            {
                found.Add($"engine stored '{key.Variable}' after segment {segment} (unit {unit}), but no other unit reads it from there");
            }

            Compare($"engine (unit {unit})", key.Variable, segment, value, trace, found);
        }

        foreach (var edge in crossing.Where(e => ran.Contains(unitOf[e.To])))
        {
            foreach (var v in edge.Variables.Where(v => !written.ContainsKey(StateKeys.Output(executionId, v, unitOf[edge.From], edge.From)) && trace.Values.ContainsKey((v, edge.From))))
            {
                found.Add($"unit {unitOf[edge.To]} ran without '{v}' from segment {edge.From} (unit {unitOf[edge.From]})");
            }
        }
    }

    /// <summary>A crossing value must be what the variable holds after <paramref name="segment"/> in the unsplit run.</summary>
    private static void Compare(string executor, string variable, int segment, byte[] value, Trace trace, List<string> found)
    {
        if (segment >= trace.Stop)
        {
            // The unsplit run stopped (returned or threw) before this segment: it ran speculatively, nothing to compare.
            return;
        }

        if (!trace.Values.TryGetValue((variable, segment), out var expected))
        {
            found.Add($"{executor} stored '{variable}' after segment {segment}, where the unsplit run holds no value for it: {Encoding.UTF8.GetString(value)}");
        }
        else if (!expected.AsSpan().SequenceEqual(value))
        {
            found.Add($"{executor}: '{variable}' after segment {segment} is {Encoding.UTF8.GetString(value)}, the unsplit run has {Encoding.UTF8.GetString(expected)}");
        }
    }

    /// <summary>
    /// Every segment in source order in one scope: the value of each variable a segment writes, right after it, and
    /// the segment at which the run stopped (returned or threw; <see cref="int.MaxValue"/> when it ran to the end).
    /// </summary>
    private static async Task<Trace> TraceAsync(RegisteredFunction entry, IReadOnlyDictionary<string, ReadOnlyMemory<byte>> arguments)
    {
        var scope = new SplitScope();
        foreach (var (name, json) in arguments)
        {
            scope.SetJson(name, json);
        }

        var values = new Dictionary<(string, int), byte[]>();
        for (var s = 0; s < entry.Graph.Segments.Count; s++)
        {
            SegmentOutcome outcome;
            try
            {
                outcome = await entry.Function.ExecuteSegmentAsync(s, scope);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                return new Trace(values, s);
            }

            foreach (var v in entry.Graph.Segments[s].Writes.Where(scope.Contains))
            {
                try
                {
                    values[(v, s)] = scope.Export(v);
                }
                catch (SplitFidelityException)
                {
                    // Not carried faithfully: no executor may hand it to another unit, so any stored copy is a difference.
                }
            }

            if (outcome.Returned)
            {
                return new Trace(values, s + 1);
            }
        }

        return new Trace(values, int.MaxValue);
    }

    /// <summary>The engine's result in the same JSON form as the direct call's (its own writer may escape differently).</summary>
    private static string Normalize(JsonElement? result, Type type)
        => JsonSerializer.Serialize(result is { } r ? SplitJson.Deserialize(Encoding.UTF8.GetBytes(r.GetRawText()), type) : null, type, SplitJson.Options);

    /// <summary>Units numbered in a topological order of their dependencies (the engine plan requires it).</summary>
    private static Func<IReadOnlyList<IReadOnlyList<int>>, IReadOnlyList<IReadOnlyList<int>>> Topological(SplitGraph graph) => units =>
    {
        var deps = SplitUnits.Dependencies(graph, units);
        var order = new List<int>();
        var placed = new HashSet<int>();
        while (order.Count < units.Count)
        {
            var next = Enumerable.Range(0, units.Count).Where(u => !placed.Contains(u) && deps[u].All(placed.Contains)).OrderBy(u => units[u].Min()).First();
            order.Add(next);
            placed.Add(next);
        }

        return [.. order.Select(u => units[u])];
    };

    private static string Describe(IReadOnlyList<IReadOnlyList<int>> units) => string.Join(" ", units.Select(u => "[" + string.Join(",", u) + "]"));

    private sealed record Trace(Dictionary<(string Variable, int Segment), byte[]> Values, int Stop);
}
