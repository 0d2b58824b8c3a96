using System.Text.Json;
using Serverless.Contracts.Plans;
using Serverless.Orchestrations.Ports;

namespace Serverless.Integration.Tests.Engine;

/// <summary>
/// Random DAGs of arithmetic units and their reference result. Unit <c>i</c> is segment <c>i</c>; it writes
/// <c>v{i} = (i + 1) × 7 + Σ inputs × (i % 3 + 1)</c> (mod 1,000,003), reading the argument <c>x</c> when it has no
/// predecessor; the last unit returns its value. Units in <see cref="Returners"/> return their value early.
/// </summary>
public sealed class TestDag
{
    public const long Modulus = 1_000_003;

    public required string FunctionId { get; init; }

    public required IReadOnlyList<IReadOnlyList<int>> Predecessors { get; init; }

    public IReadOnlySet<int> Returners { get; init; } = new HashSet<int>();

    public int Count => Predecessors.Count;

    public static TestDag Random(string functionId, int units, int seed, int maxFanIn = 3)
    {
        var random = new System.Random(seed);
        var preds = new List<IReadOnlyList<int>>();
        for (var i = 0; i < units; i++)
        {
            var k = i == 0 ? 0 : random.Next(0, Math.Min(maxFanIn, i) + 1);
            preds.Add([.. Enumerable.Range(0, i).OrderBy(_ => random.Next()).Take(k).Order()]);
        }

        return new TestDag { FunctionId = functionId, Predecessors = preds };
    }

    public static long Compute(int unit, IEnumerable<long> inputs) =>
        ((unit + 1) * 7L + (inputs.Sum() % Modulus * ((unit % 3) + 1))) % Modulus;

    /// <summary>The result of running the units one after another in-process (the reference).</summary>
    public (long Result, int? ReturnedBy) Reference(long x)
    {
        var values = new long[Count];
        for (var i = 0; i < Count; i++)
        {
            values[i] = Compute(i, Predecessors[i].Count == 0 ? [x] : Predecessors[i].Select(p => values[p]));
            if (Returners.Contains(i) || i == Count - 1)
            {
                return (values[i], i);
            }
        }

        throw new InvalidOperationException("unreachable");
    }

    public ExecutionPlan Plan(string executionId, long x, IReadOnlyList<string> regions, ExecutionOptions? options = null, int timeoutSeconds = 30)
    {
        var readers = Enumerable.Range(0, Count).ToDictionary(i => i, i => Enumerable.Range(0, Count).Where(j => Predecessors[j].Contains(i)).ToList());
        var units = new List<PlanUnit>();
        for (var i = 0; i < Count; i++)
        {
            units.Add(new PlanUnit
            {
                Id = i,
                Segments = [i],
                Region = regions[i % regions.Count],
                DependsOn = Predecessors[i],
                ControlDependsOn = [.. Returners.Where(r => r < i && !Predecessors[i].Contains(r))],
                Inputs = Predecessors[i].Count == 0 ? [new UnitInput("x", null)] : [.. Predecessors[i].Select(p => new UnitInput("v" + p, p))],
                Outputs = readers[i].Count > 0 ? ["v" + i] : [],
                TimeoutSeconds = timeoutSeconds,
                FallbackRegions = [.. regions.Where(r => r != regions[i % regions.Count])],
            });
        }

        return new ExecutionPlan
        {
            ExecutionId = executionId,
            FunctionId = FunctionId,
            Units = units,
            Arguments = new Dictionary<string, JsonElement> { ["x"] = JsonSerializer.SerializeToElement(x) },
            Options = options ?? new ExecutionOptions { FirstRetryDelayMs = 100 },
        };
    }

    /// <summary>The segment behaviour matching <see cref="Compute"/>.</summary>
    public Task<UnitRunResult> RunAsync(UnitRunRequest request, CancellationToken cancellationToken)
    {
        var unit = request.Segments[0];
        var inputs = request.Inputs.Values.Select(v => JsonSerializer.Deserialize<long>(v.Span));
        var value = Compute(unit, inputs);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(value);
        var outputs = request.Outputs.ToDictionary(o => o, _ => (ReadOnlyMemory<byte>)bytes);
        var returns = Returners.Contains(unit) || unit == Count - 1;
        return Task.FromResult(new UnitRunResult(outputs, returns, returns ? bytes : null));
    }
}
