using System.Text.Json;
using Serverless.Api.Planning;
using Serverless.Orchestrations.Contracts;
using Serverless.Planning.Model;
using Serverless.Splitting.Model;
using ApiPlan = Serverless.Api.Planning.ExecutionPlan;
using ApiPlanCost = Serverless.Api.Planning.PlanCost;
using EnginePlan = Serverless.Orchestrations.Contracts.ExecutionPlan;
using EngineUnit = Serverless.Orchestrations.Contracts.PlanUnit;

namespace Serverless.Functions.Execution;

/// <summary>
/// The API's plan as the engine's plan (dependencies, inputs and outputs of each unit from the manifest) and the
/// measured cost of a finished run: the same conversion the embedded engine's EngineExecutionService.Build does
/// (to be replaced by the shared ExecutionPlanBuilder in Serverless.Orchestrations.Contracts once it lands).
/// </summary>
internal static class EnginePlanConversion
{
    /// <summary>The engine's plan for the API's units: dependencies, inputs and outputs from the manifest's edges.</summary>
    public static EnginePlan Build(PlanEnvironment environment, string executionId, SplitGraph graph, ApiPlan plan, JsonElement arguments, int memoryMb, int timeoutSeconds)
    {
        var ordered = plan.Units.OrderBy(u => u.Id).ToList();
        if (!ordered.Select(u => u.Id).SequenceEqual(Enumerable.Range(0, ordered.Count)))
        {
            throw new PlanningFailedException("unit ids must be 0, 1, 2, … in topological order");
        }

        var unitOf = new Dictionary<int, int>();
        foreach (var unit in ordered)
        {
            foreach (var segment in unit.Segments)
            {
                unitOf[segment] = unit.Id;
            }
        }

        var parameters = graph.Parameters.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var regions = environment.Regions.Select(r => r.Name).ToList();
        var units = new List<EngineUnit>();
        foreach (var unit in ordered)
        {
            var mine = unit.Segments.ToHashSet();
            var depends = new SortedSet<int>();
            var control = new SortedSet<int>();
            var inputs = new List<UnitInput>();
            var outputs = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var edge in graph.Edges)
            {
                if (mine.Contains(edge.From) && !mine.Contains(edge.To) && edge.Kind == EdgeKinds.Data)
                {
                    outputs.UnionWith(edge.Variables);
                }

                if (!mine.Contains(edge.To) || mine.Contains(edge.From))
                {
                    continue;
                }

                var from = unitOf[edge.From];
                if (from >= unit.Id)
                {
                    throw new PlanningFailedException($"unit {unit.Id} depends on unit {from}: units must be numbered in topological order");
                }

                _ = edge.Kind == EdgeKinds.Control ? control.Add(from) : depends.Add(from);
                if (edge.Kind == EdgeKinds.Data)
                {
                    inputs.AddRange(edge.Variables.Select(v => new UnitInput(v, from)));
                }
            }

            // Parameters read before any segment writes them arrive as arguments.
            foreach (var segment in unit.Segments.Order())
            {
                foreach (var v in graph.Segments[segment].Reads.Where(parameters.Contains))
                {
                    var producedInside = graph.Edges.Any(e => e.To == segment && e.Kind == EdgeKinds.Data && e.Variables.Contains(v));
                    var writtenEarlier = unit.Segments.Any(s => s < segment && graph.Segments[s].Writes.Contains(v));
                    if (!producedInside && !writtenEarlier)
                    {
                        inputs.Add(new UnitInput(v, null));
                    }
                }
            }

            units.Add(new EngineUnit
            {
                Id = unit.Id,
                Segments = [.. unit.Segments.Order()],
                Region = unit.Region,
                DependsOn = [.. depends],
                ControlDependsOn = [.. control.Except(depends)],
                Inputs = [.. inputs.Distinct()],
                Outputs = [.. outputs],
                MemoryMb = memoryMb,
                TimeoutSeconds = timeoutSeconds,
                FallbackRegions = [.. regions.Where(r => r != unit.Region && ordered.Any(u => u.Region == r))],
            });
        }

        return new EnginePlan
        {
            ExecutionId = executionId,
            FunctionId = graph.Function,
            Units = units,
            Arguments = arguments.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal),
        };
    }

    /// <summary>The cost model's prices applied to what was measured: durations, output sizes, argument and result sizes.</summary>
    public static ApiPlanCost MeasuredCost(PlanEnvironment environment, EnginePlan plan, ExecutionResult output)
    {
        var regions = environment.Regions.ToDictionary(r => r.Name, StringComparer.Ordinal);
        var runs = output.Units.ToDictionary(u => u.Id);
        double compute = 0, transfer = 0;
        foreach (var run in output.Units)
        {
            if (regions.TryGetValue(run.Region, out var spec))
            {
                var memoryMb = plan.Units.FirstOrDefault(u => u.Id == run.Id)?.MemoryMb ?? Serverless.Planning.Model.PlanRequest.DefaultMemoryMb;
                compute += (spec.PricePerGbSecond * memoryMb / 1024.0 * run.DurationMs / 1000.0) + spec.PricePerInvocation;
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

        return new ApiPlanCost(compute, transfer, compute + transfer);
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
}
