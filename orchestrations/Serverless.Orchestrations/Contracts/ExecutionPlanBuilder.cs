using System.Text.Json;
using Serverless.Contracts.Plans;
using Serverless.Orchestrations.Market;
using Serverless.Planning.Model;

namespace Serverless.Orchestrations.Contracts;

/// <summary>
/// Turns a partition of a function's segments into units placed in regions (ids = list order, topological) into
/// the engine's <see cref="ExecutionPlan"/>: each unit's data and control dependencies, its inputs with the unit
/// and segment that produce them (or none: an argument), its outputs (exactly what other units read, each as its
/// producing segment leaves it), memory, timeout and
/// fallback regions. The one translator used by the API's engine service, `serverless run` and the demo. Given the
/// planner's environment it also carries what the auction scores bids with: each unit's estimated work and input
/// sizes, the regions and network, and the latency weight.
/// </summary>
public static class ExecutionPlanBuilder
{
    /// <summary>
    /// The engine plan of the planner's <paramref name="plan"/> for <paramref name="request"/>: its units and regions,
    /// memory and timeout as the planner resolved them, the environment (the request's, or the default), the
    /// objective's latency weight and the request's variable sizes (for the auction).
    /// </summary>
    public static ExecutionPlan Build(string executionId, PlanRequest request, Plan plan, IReadOnlyDictionary<string, JsonElement>? arguments)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(plan);
        var environment = request.Origin is null && request.Regions is null && request.Network is null
            ? PlanEnvironment.Default
            : new PlanEnvironment(request.Origin ?? PlanEnvironment.Default.Origin, request.Regions ?? PlanEnvironment.Default.Regions, request.Network ?? PlanEnvironment.Default.Network);
        var memory = request.MemoryMb ?? request.Graph.Annotations?.ResourceConstraint?.MemoryMb ?? PlanRequest.DefaultMemoryMb;
        var timeout = request.TimeoutSeconds ?? request.Graph.Annotations?.ResourceConstraint?.TimeoutSeconds ?? PlanRequest.DefaultTimeoutSeconds;
        return Build(
            executionId,
            request.Graph,
            [.. plan.Units.OrderBy(u => u.Id).Select(u => new UnitPlacement(u.Segments, u.Region))],
            arguments,
            memory,
            timeout,
            [.. environment.Regions.Select(r => r.Name)],
            new AuctionPricing(environment, request.Objective?.LatencyWeight ?? 0, request.VariableBytes, request.DefaultVariableBytes));
    }

    /// <summary>
    /// The engine plan for <paramref name="units"/> of <paramref name="graph"/>. With <paramref name="pricing"/> (the
    /// planner's environment, latency weight and variable sizes) the auction scores bids by the objective; without,
    /// by price only.
    /// </summary>
    /// <exception cref="ArgumentException">The units do not partition the segments, or are not in topological order.</exception>
    public static ExecutionPlan Build(
        string executionId,
        FunctionGraph graph,
        IReadOnlyList<UnitPlacement> units,
        IReadOnlyDictionary<string, JsonElement>? arguments,
        int memoryMb,
        int timeoutSeconds,
        IReadOnlyList<string>? regions = null,
        AuctionPricing? pricing = null)
    {
        ArgumentNullException.ThrowIfNull(executionId);
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(units);
        var unitOf = new Dictionary<int, int>();
        for (var u = 0; u < units.Count; u++)
        {
            foreach (var segment in units[u].Segments)
            {
                if (segment < 0 || segment >= graph.Segments.Count)
                {
                    throw new ArgumentException($"unit {u} names segment {segment}, but '{graph.Function}' has segments 0..{graph.Segments.Count - 1}", nameof(units));
                }

                if (!unitOf.TryAdd(segment, u))
                {
                    throw new ArgumentException($"segment {segment} is in unit {unitOf[segment]} and unit {u}; each segment belongs to one unit", nameof(units));
                }
            }
        }

        if (unitOf.Count != graph.Segments.Count)
        {
            var missing = Enumerable.Range(0, graph.Segments.Count).First(s => !unitOf.ContainsKey(s));
            throw new ArgumentException($"segment {missing} is in no unit; the units must cover every segment", nameof(units));
        }

        var parameters = (graph.Parameters ?? []).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var used = units.Select(u => u.Region).ToHashSet(StringComparer.Ordinal);
        var fallbackOrder = (regions ?? [.. used]).Where(used.Contains).Distinct(StringComparer.Ordinal).ToList();
        var result = new List<PlanUnit>(units.Count);
        for (var id = 0; id < units.Count; id++)
        {
            var unit = units[id];
            var mine = unit.Segments.ToHashSet();
            var depends = new SortedSet<int>();
            var control = new SortedSet<int>();
            var inputs = new List<UnitInput>();
            var outputs = new SortedSet<string>(StringComparer.Ordinal);
            var segmentOutputs = new HashSet<UnitOutput>();
            foreach (var edge in graph.Edges)
            {
                var isData = edge.Kind == "data";
                if (mine.Contains(edge.From) && !mine.Contains(edge.To) && isData)
                {
                    outputs.UnionWith(edge.Variables ?? []);
                    segmentOutputs.UnionWith((edge.Variables ?? []).Select(v => new UnitOutput(v, edge.From)));
                }

                if (!mine.Contains(edge.To) || mine.Contains(edge.From))
                {
                    continue;
                }

                var from = unitOf[edge.From];
                if (from >= id)
                {
                    throw new ArgumentException($"unit {id} depends on unit {from}: units must be numbered in topological order", nameof(units));
                }

                _ = edge.Kind == "control" ? control.Add(from) : depends.Add(from);
                if (isData)
                {
                    inputs.AddRange((edge.Variables ?? []).Select(v => new UnitInput(v, from) { ProducerSegment = edge.From }));
                }
            }

            // Parameters read before any segment writes them arrive as arguments.
            foreach (var segment in unit.Segments.Order())
            {
                foreach (var v in graph.Segments[segment].Reads.Where(parameters.Contains))
                {
                    var producedByEdge = graph.Edges.Any(e => e.To == segment && e.Kind == "data" && e.Variables?.Contains(v) == true);
                    var writtenEarlier = unit.Segments.Any(s => s < segment && graph.Segments[s].Writes.Contains(v));
                    if (!producedByEdge && !writtenEarlier)
                    {
                        inputs.Add(new UnitInput(v, null));
                    }
                }
            }

            result.Add(new PlanUnit
            {
                Id = id,
                Segments = [.. unit.Segments.Order()],
                Region = unit.Region,
                DependsOn = [.. depends],
                // Every unit that may return before this one, also when this one reads its outputs: the engine skips
                // exactly these after a return, and a unit that reads outputs the returning unit never wrote must not run.
                ControlDependsOn = [.. control],
                Inputs = [.. inputs.Distinct()],
                Outputs = [.. outputs],
                SegmentOutputs = segmentOutputs.Count == 0 ? null : [.. segmentOutputs.OrderBy(o => o.Segment).ThenBy(o => o.Variable, StringComparer.Ordinal)],
                MemoryMb = memoryMb,
                TimeoutSeconds = timeoutSeconds,
                FallbackRegions = [.. fallbackOrder.Where(r => r != unit.Region)],
                EstimatedWorkMs = unit.Segments.Sum(s => Math.Max(0, graph.Segments[s].Work)),
                DataReads = DataReadsOf(graph, unit.Segments),
            });
        }

        var built = new ExecutionPlan
        {
            Version = ExecutionPlan.CurrentVersion,
            ExecutionId = executionId,
            FunctionId = graph.Function,
            Units = result,
            Arguments = arguments?.ToDictionary(p => p.Key, p => p.Value.Clone(), StringComparer.Ordinal),
        };
        return pricing is null ? built : WithPricing(built, pricing);
    }

    /// <summary>
    /// <paramref name="plan"/> with what the auction scores bids by: the environment and latency weight of
    /// <paramref name="pricing"/>, and each unit's input sizes (the given sizes, else the default).
    /// </summary>
    public static ExecutionPlan WithPricing(ExecutionPlan plan, AuctionPricing pricing)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(pricing);
        return plan with
        {
            Environment = pricing.Environment,
            LatencyWeight = pricing.LatencyWeight,
            Units = [.. plan.Units.Select(u => u with
            {
                InputBytes = u.Inputs.Select(i => i.Variable).Distinct(StringComparer.Ordinal).ToDictionary(
                    v => v,
                    v => pricing.VariableBytes?.TryGetValue(v, out var b) == true ? b : pricing.DefaultVariableBytes,
                    StringComparer.Ordinal),
            })],
        };
    }

    /// <summary>
    /// The cost model's prices applied to what was measured: each unit's measured duration in its region
    /// (GB-seconds and one invocation), and the egress of measured output, argument and result sizes.
    /// </summary>
    public static PlanCost MeasuredCost(ExecutionPlan plan, ExecutionResult output, PlanEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(environment);
        var regions = environment.Regions.ToDictionary(r => r.Name, StringComparer.Ordinal);
        var memory = plan.Units.ToDictionary(u => u.Id, u => u.MemoryMb);
        var runs = output.Units.ToDictionary(u => u.Id);
        double compute = 0, transfer = 0;
        foreach (var run in output.Units)
        {
            if (regions.TryGetValue(run.Region, out var spec))
            {
                var mb = memory.TryGetValue(run.Id, out var m) ? m : PlanRequest.DefaultMemoryMb;
                compute += (spec.PricePerGbSecond * mb / 1024.0 * run.DurationMs / 1000.0) + spec.PricePerInvocation;
            }
        }

        foreach (var unit in plan.Units)
        {
            if (!runs.TryGetValue(unit.Id, out var consumer))
            {
                continue;
            }

            foreach (var input in unit.Inputs)
            {
                if (input.ProducerUnit is { } p && runs.TryGetValue(p, out var producer) && producer.OutputBytes.TryGetValue(input.Variable, out var bytes))
                {
                    transfer += bytes / 1e9 * Egress(environment, producer.Region, consumer.Region);
                }
                else if (input.ProducerUnit is null && plan.Arguments?.TryGetValue(input.Variable, out var argument) == true)
                {
                    transfer += argument.GetRawText().Length / 1e9 * Egress(environment, environment.Origin, consumer.Region);
                }
            }
        }

        if (output.ReturnedBy is { } returner && runs.TryGetValue(returner, out var last) && output.Result is { } value)
        {
            transfer += value.GetRawText().Length / 1e9 * Egress(environment, last.Region, environment.Origin);
        }

        return new PlanCost(compute, transfer, compute + transfer);
    }

    private static double Egress(PlanEnvironment environment, string from, string to)
    {
        if (from == to)
        {
            return 0;
        }

        var map = environment.Network.EgressPricePerGb;
        return map.TryGetValue(from, out var row) && row.TryGetValue(to, out var price) ? price
            : map.TryGetValue(to, out var back) && back.TryGetValue(from, out var reverse) ? reverse
            : 0;
    }

    /// <summary>The data reads of <paramref name="segments"/>, summed per region and sorted by it; null when none.</summary>
    private static IReadOnlyList<Serverless.Contracts.Manifest.DataRead>? DataReadsOf(FunctionGraph graph, IEnumerable<int> segments)
    {
        var reads = segments.SelectMany(s => graph.Segments[s].DataReads ?? [])
            .GroupBy(d => d.Region, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new Serverless.Contracts.Manifest.DataRead(g.Key, g.Sum(d => d.Bytes)))
            .ToList();
        return reads.Count == 0 ? null : reads;
    }
}
