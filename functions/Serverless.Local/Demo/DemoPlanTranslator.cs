using System.Text.Json;
using Serverless.Orchestrations.Contracts;
using Serverless.Orchestrations.Runtime;

namespace Serverless.Local.Demo;

/// <summary>
/// Turns units (segments and region, in topological order) into the engine's <see cref="ExecutionPlan"/>: each
/// unit's data and order dependencies, the units that may <c>return</c> before it, the variables it reads (with the
/// unit that produced each, or the call's arguments) and the variables later units read from it.
/// </summary>
internal static class DemoPlanTranslator
{
    public static ExecutionPlan Translate(
        string executionId,
        CatalogueEntry entry,
        IReadOnlyList<(IReadOnlyList<int> Segments, string Region)> units,
        IReadOnlyDictionary<string, JsonElement> arguments,
        int memoryMb,
        int timeoutSeconds)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(units);
        var graph = entry.Graph;
        var parameters = entry.Function.Parameters.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var planUnits = new List<PlanUnit>();
        if (!entry.IsSplittable)
        {
            if (units.Count != 1)
            {
                throw new InvalidOperationException($"'{entry.Id}' has analysis errors and runs only as one unit, not {units.Count}.");
            }

            planUnits.Add(new PlanUnit
            {
                Id = 0,
                Segments = [.. Enumerable.Range(0, graph.Segments.Count)],
                Region = units[0].Region,
                Inputs = [.. entry.Function.Parameters.Select(p => new UnitInput(p.Name, null))],
                TimeoutSeconds = timeoutSeconds,
                MemoryMb = memoryMb,
            });
            return Plan(executionId, entry, planUnits, arguments);
        }

        var unitOf = SplitUnits.UnitOfSegment(graph.Segments.Count, [.. units.Select(u => u.Segments)]);
        for (var u = 0; u < units.Count; u++)
        {
            var members = units[u].Segments.Order().ToList();
            var inUnit = members.ToHashSet();
            var dependsOn = new SortedSet<int>();
            var control = new SortedSet<int>();
            foreach (var e in graph.Edges.Where(e => inUnit.Contains(e.To) && !inUnit.Contains(e.From)))
            {
                (e.Kind == "control" ? control : dependsOn).Add(unitOf[e.From]);
            }

            control.ExceptWith(dependsOn);
            var inputs = new List<UnitInput>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var s in members)
            {
                foreach (var v in graph.Segments[s].Reads)
                {
                    var producer = graph.Producer(s, v);
                    if (producer is { } p && inUnit.Contains(p))
                    {
                        continue;
                    }

                    if ((producer is not null || parameters.Contains(v)) && seen.Add(v))
                    {
                        inputs.Add(new UnitInput(v, producer is { } q ? unitOf[q] : null));
                    }
                }
            }

            var outputs = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var e in graph.Edges.Where(e => e.Kind == "data" && inUnit.Contains(e.From) && !inUnit.Contains(e.To)))
            {
                foreach (var v in e.Variables)
                {
                    // The engine stores a unit's value of v once, after its last segment: a later segment of the same
                    // unit overwriting v would hand the reader the wrong value.
                    if (members.Any(s => s > e.From && graph.Segments[s].Writes.Contains(v)))
                    {
                        throw new InvalidOperationException($"Unit {u} of '{entry.Id}' writes '{v}' in segment {e.From} for segment {e.To} and again later; the engine cannot hand segment {e.To} the earlier value.");
                    }

                    outputs.Add(v);
                }
            }

            planUnits.Add(new PlanUnit
            {
                Id = u,
                Segments = members,
                Region = units[u].Region,
                DependsOn = [.. dependsOn],
                ControlDependsOn = [.. control],
                Inputs = inputs,
                Outputs = [.. outputs],
                TimeoutSeconds = timeoutSeconds,
                MemoryMb = memoryMb,
            });
        }

        return Plan(executionId, entry, planUnits, arguments);
    }

    private static ExecutionPlan Plan(string executionId, CatalogueEntry entry, List<PlanUnit> units, IReadOnlyDictionary<string, JsonElement> arguments) => new()
    {
        ExecutionId = executionId,
        FunctionId = entry.Id,
        Units = units,
        Arguments = arguments,
        Options = new ExecutionOptions { FirstRetryDelayMs = 100, RecordProfiles = false },
    };
}
