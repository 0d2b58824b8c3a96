using CsCheck;
using Serverless.Contracts.Plans;
using Serverless.Planning;
using Serverless.Planning.Model;

namespace Serverless.Benchmarks.Tests;

/// <summary>The CP-SAT model is the planner's cost model: its optimum is the exact solver's and the product prices its plan alike.</summary>
public sealed class CpSatPlanModelTests
{
    [Fact]
    public void SmallRandomInstances_OptimumEqualsExactSolverAndProductEvaluation()
    {
        Gen.Select(Gen.Int[0, 1_000_000], Gen.Int[3, 8], Gen.Int[2, 3]).Sample((seed, n, regions) =>
        {
            var request = PlanBenchmark.RandomRequest(new Random(seed), n, regions);
            var exact = Planner.Plan(request, PlanAlgorithms.Exact);
            var cpsat = CpSatPlanModel.Build(request).Solve(seconds: 60, workers: 1);

            Assert.Equal("optimal", cpsat.Status);
            var priced = CostModel.Evaluate(request, cpsat.Units!);
            Assert.True(priced.IsFeasible, string.Join("; ", priced.Violations));
            AssertClose(priced.Plan.Objective, cpsat.Objective, $"seed {seed}: product evaluation of CP-SAT's plan");
            AssertClose(exact.Objective, cpsat.Objective, $"seed {seed}: exact optimum vs CP-SAT optimum");
            Assert.True(cpsat.Bound <= exact.Objective * (1 + PlanCpSatBenchmark.Agreement), $"seed {seed}: bound {cpsat.Bound} above the optimum {exact.Objective}");
        }, iter: 10, threads: 1);
    }

    [Fact]
    public void AnyAssignment_ModelObjectiveEqualsCostModel()
    {
        var checkedFeasible = 0;
        var checkedInfeasible = 0;
        Gen.Select(Gen.Int[0, 1_000_000], Gen.Int[1, 7], Gen.Int[1, 4]).Sample((seed, n, regions) =>
        {
            var rng = new Random(seed);
            var request = RandomEnvironment(rng, PlanBenchmark.RandomRequest(rng, n, regions));
            var units = RandomAssignment(rng, n, request.Regions!.Select(r => r.Name).ToList());
            var model = CpSatPlanModel.Build(request).Evaluate(units);

            PlanEvaluation priced;
            try
            {
                priced = CostModel.Evaluate(request, units);
            }
            catch (PlanningException e) when (e.Message.Contains("cycle", StringComparison.Ordinal))
            {
                Assert.True(model.Status == "infeasible", $"seed {seed}: units in a cycle, but the model says {model.Status}");
                checkedInfeasible++;
                return;
            }

            if (!priced.IsFeasible)
            {
                Assert.True(model.Status == "infeasible", $"seed {seed}: the cost model finds {string.Join("; ", priced.Violations)}, but the model says {model.Status} ({model.Objective:R})");
                checkedInfeasible++;
                return;
            }

            Assert.True(model.Status == "optimal", $"seed {seed}: the cost model prices {priced.Plan.Objective:R}, but the model says {model.Status}");
            AssertClose(priced.Plan.Objective, model.Objective, $"seed {seed}: the model's objective for the assignment vs the cost model's");
            checkedFeasible++;
        }, iter: 300, threads: 1);

        // Both sides of the property were exercised.
        // About a third of random assignments are feasible (99 of 300 seen): ask for a clear majority of that.
        Assert.True(checkedFeasible > 50, $"{checkedFeasible} feasible assignments checked");
        Assert.True(checkedInfeasible > 10, $"{checkedInfeasible} infeasible assignments checked");
    }

    [Fact]
    public void HeuristicPlanAsHint_CpSatReturnsAPlanAtLeastAsGood()
    {
        var request = PlanBenchmark.RandomRequest(new Random(7), 24, 5);
        var heuristic = Planner.Plan(request, PlanAlgorithms.Heuristic);

        var cpsat = CpSatPlanModel.Build(request).Solve(seconds: 2, workers: 1, hint: heuristic.Units.Select(u => (u.Segments, u.Region)).ToList());

        Assert.Equal("optimal", cpsat.Hint?.Status);
        AssertClose(heuristic.Objective, cpsat.Hint!.Value.Objective, "the hint's objective in the model");
        Assert.Contains(cpsat.Status, new[] { "feasible", "optimal", "hint" });
        var priced = CostModel.Evaluate(request, cpsat.Units!);
        Assert.True(priced.IsFeasible, string.Join("; ", priced.Violations));
        Assert.True(priced.Plan.Objective <= heuristic.Objective * (1 + 1e-6), $"CP-SAT's plan {priced.Plan.Objective:R} is worse than its hint {heuristic.Objective:R}");
        Assert.True(cpsat.Bound <= priced.Plan.Objective * (1 + 1e-6), $"bound {cpsat.Bound:R} above the plan {priced.Plan.Objective:R}");
    }

    [Fact]
    public void VariableWithTwoWriters_IsNamedAsUnsupported()
    {
        var request = PlanBenchmark.RandomRequest(new Random(1), 4, 2);
        var graph = request.Graph with
        {
            Segments = [.. request.Graph.Segments.Select(s => s with { Writes = ["w"] })],
            Edges = [new GraphEdge(0, 1, "data", ["w"]), new GraphEdge(1, 2, "data", ["w"])],
        };

        var ex = Assert.Throws<ArgumentException>(() => CpSatPlanModel.Build(request with { Graph = graph }));
        Assert.Contains("variable w", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// The benchmark's request in a random environment: origin outside the regions, strict or penalised preferences,
    /// a region without memory or instances, default variable sizes, order edges, tight timeouts and deadlines,
    /// no latency weight, segments reading data where it lives (a region or the origin).
    /// </summary>
    private static PlanRequest RandomEnvironment(Random rng, PlanRequest request)
    {
        var names = request.Regions!.Select(r => r.Name).ToList();
        var latency = request.Network!.LatencyMs.ToDictionary(kv => kv.Key, kv => kv.Value);
        var egress = request.Network.EgressPricePerGb.ToDictionary(kv => kv.Key, kv => kv.Value);
        var origin = request.Origin!;
        if (rng.Next(3) == 0)
        {
            origin = "client";
            latency[origin] = names.ToDictionary(x => x, _ => 1.0 + rng.Next(100));
            egress[origin] = names.ToDictionary(x => x, _ => 0.01 * rng.Next(0, 12));
        }

        var regions = request.Regions!.Select(r => rng.Next(6) switch
        {
            0 => r with { MaxMemoryMb = 1024 },
            1 => r with { AvailableInstances = 0 },
            2 => r with { Speed = 0.25 + rng.NextDouble(), DispatchLatencyMs = rng.Next(3) },
            _ => r,
        }).ToList();

        var geo = rng.Next(4) switch
        {
            0 => new GeoPreferenceSpec([.. names.Where(_ => rng.Next(2) == 0).Append(names[rng.Next(names.Count)]).Distinct()], Strict: true),
            1 => new GeoPreferenceSpec([.. names.Where(_ => rng.Next(2) == 0).Append(names[rng.Next(names.Count)]).Distinct()], Strict: false),
            _ => null,
        };

        var n = request.Graph.Segments.Count;
        var edges = request.Graph.Edges.ToList();
        if (n >= 2 && rng.Next(2) == 0)
        {
            var from = rng.Next(n - 1);
            edges.Add(new GraphEdge(from, from + 1 + rng.Next(n - from - 1), rng.Next(2) == 0 ? "order" : "control"));
        }

        var segments = request.Graph.Segments;
        if (rng.Next(2) == 0)
        {
            var places = names.Append(origin).Distinct().ToList();
            var dataSizes = new long[] { 0, 1_000, 5_000_000, 50_000_000 };
            segments = [.. segments.Select(s => rng.Next(3) > 0 ? s : s with
            {
                DataReads = [.. places.Where(_ => rng.Next(2) == 0).DefaultIfEmpty(places[0]).Select(p => new Serverless.Contracts.Manifest.DataRead(p, dataSizes[rng.Next(dataSizes.Length)]))],
            })];
        }

        var sizes = request.VariableBytes!.Where(_ => rng.Next(4) > 0).ToDictionary(kv => kv.Key, kv => kv.Value);
        var latencyWeight = new[] { 0, 0.0001, 0.001, 0.05 }[rng.Next(4)];
        return request with
        {
            Graph = request.Graph with { Edges = edges, Segments = segments },
            VariableBytes = sizes,
            DefaultVariableBytes = new long[] { 0, 1024, 5_000_000 }[rng.Next(3)],
            ReturnBytes = new long[] { 0, 100, 3_000_000 }[rng.Next(3)],
            TimeoutSeconds = rng.Next(3) == 0 ? 1 + rng.Next(4) : 600,
            GeoPreference = geo,
            PreferencePenalty = geo is { Strict: false } ? 0.00001 * rng.Next(1, 50) : 0,
            Origin = origin,
            Regions = regions,
            Network = new NetworkSpec(latency, egress, new[] { 10.0, 100, 1000 }[rng.Next(3)]),
            Objective = new PlanObjective(latencyWeight, rng.Next(4) == 0 ? 500 + rng.Next(8000) : null),
        };
    }

    /// <summary>Segments into random units (any partition, cycles included) and any region per unit.</summary>
    private static List<(IReadOnlyList<int> Segments, string Region)> RandomAssignment(Random rng, int n, List<string> regions)
    {
        var units = new List<List<int>>();
        for (var s = 0; s < n; s++)
        {
            var u = rng.Next(units.Count + 1);
            if (u == units.Count)
            {
                units.Add([]);
            }

            units[u].Add(s);
        }

        return [.. units.Select(u => ((IReadOnlyList<int>)u, regions[rng.Next(regions.Count)]))];
    }

    private static void AssertClose(double expected, double actual, string what) =>
        Assert.True(Math.Abs(expected - actual) <= PlanCpSatBenchmark.Agreement * Math.Max(Math.Abs(expected), 1e-9), $"{what}: expected {expected:R}, got {actual:R}");
}
