using CsCheck;
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

    private static void AssertClose(double expected, double actual, string what) =>
        Assert.True(Math.Abs(expected - actual) <= PlanCpSatBenchmark.Agreement * Math.Max(Math.Abs(expected), 1e-9), $"{what}: expected {expected:R}, got {actual:R}");
}
