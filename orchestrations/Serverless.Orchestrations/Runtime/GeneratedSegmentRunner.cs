using Serverless.Annotations.Runtime;
using Serverless.Orchestrations.Ports;

namespace Serverless.Orchestrations.Runtime;

/// <summary>
/// <see cref="ISegmentRunner"/> over the generated segment executors of a <see cref="SplitFunctionRegistry"/>: loads
/// the inputs into a scope, runs the segments in source order, and hands back the requested outputs as JSON.
/// A function with analysis errors runs unsplit (its one unit must list every segment).
/// </summary>
public sealed class GeneratedSegmentRunner : ISegmentRunner
{
    private readonly SplitFunctionRegistry _catalogue;

    public GeneratedSegmentRunner(SplitFunctionRegistry catalogue) => _catalogue = catalogue ?? throw new ArgumentNullException(nameof(catalogue));

    public async Task<UnitRunResult> RunAsync(UnitRunRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var entry = _catalogue.Get(request.FunctionId);
        var function = entry.Function;
        if (!entry.IsSplittable)
        {
            if (request.Segments.Count != entry.Graph.Segments.Count)
            {
                throw new SplitPlanException($"'{function.Id}' has analysis errors and runs only as one unit with all {entry.Graph.Segments.Count} segments.");
            }

            var value = await function.InvokeOriginalAsync(SplitArguments.ToValues(function, request.Inputs)).ConfigureAwait(false);
            return new UnitRunResult(new Dictionary<string, ReadOnlyMemory<byte>>(), true, function.ResultType is null ? null : SplitJson.SerializeResult(LocalSplitExecutor.ResultVariable, value, function.ResultType));
        }

        var scope = new SplitScope();
        foreach (var (name, json) in request.Inputs)
        {
            scope.SetJson(name, json);
        }

        var loadedFrom = new Dictionary<string, int?>(StringComparer.Ordinal);
        var inUnit = new HashSet<int>(request.Segments);
        var segmentOutputs = new Dictionary<SegmentVariable, ReadOnlyMemory<byte>>();
        foreach (var s in request.Segments.Order())
        {
            cancellationToken.ThrowIfCancellationRequested();

            // An input whose producer is in another unit replaces what an earlier segment of this unit wrote
            // (e.g. unit {0,3} where 0 and 2 write v and 3 reads it from 2). Each input is loaded once, so later
            // segments see the live value the earlier ones left, arguments included (Array.Sort(a); return a;).
            // A value from another unit is the one its producing segment left (SegmentInputs); by name only in
            // plans that predate segment outputs, and for arguments.
            foreach (var v in entry.Graph.Segments[s].Reads)
            {
                var producer = entry.Graph.Producer(s, v);
                var external = producer is null || !inUnit.Contains(producer.Value);
                var fresh = !loadedFrom.TryGetValue(v, out var previous) || previous != producer;
                if (external && fresh
                    && ((producer is { } p && request.SegmentInputs.TryGetValue(new SegmentVariable(v, p), out var json)) || request.Inputs.TryGetValue(v, out json)))
                {
                    scope.SetJson(v, json);
                    loadedFrom[v] = producer;
                }
            }

            var outcome = await function.ExecuteSegmentAsync(s, scope).ConfigureAwait(false);
            if (outcome.Returned)
            {
                // Nothing after a return runs, so no later unit reads what this segment would have handed on.
                return new UnitRunResult(Outputs(scope, request.Outputs), true, function.ResultType is null ? null : SplitJson.SerializeResult(LocalSplitExecutor.ResultVariable, outcome.Value, function.ResultType))
                {
                    SegmentOutputs = segmentOutputs,
                };
            }

            // Handed on as it is now: a later segment of this unit may change it again.
            foreach (var output in request.SegmentOutputs.Where(o => o.Segment == s && scope.Contains(o.Variable)))
            {
                segmentOutputs[output] = scope.Export(output.Variable);
            }
        }

        return new UnitRunResult(Outputs(scope, request.Outputs), false, null) { SegmentOutputs = segmentOutputs };
    }

    private static Dictionary<string, ReadOnlyMemory<byte>> Outputs(SplitScope scope, IReadOnlyList<string> names)
    {
        var outputs = new Dictionary<string, ReadOnlyMemory<byte>>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (scope.Contains(name))
            {
                outputs[name] = scope.Export(name);
            }
        }

        return outputs;
    }
}
