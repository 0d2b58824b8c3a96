using System.Diagnostics;
using System.Globalization;
using Serverless.Planning;

namespace Serverless.Benchmarks;

/// <summary>
/// `planner-cpsat`: the heuristic planner against CP-SAT on the same cost model (<see cref="CpSatPlanModel"/>) on
/// random 20-40-segment DAGs over 3-8 regions, where brute force cannot reach. CP-SAT is time-limited; its best plan
/// is priced again by the product's cost model (and must agree with CP-SAT's objective), and its proven bound is
/// recorded. Prints per instance, then the heuristic's mean and worst objective ratio to CP-SAT's best, how many
/// instances CP-SAT proved optimal, and the planning-time ratio heuristic/CP-SAT.
/// Options: <c>--cpsat-seconds S</c> (per instance, default 10), <c>--cpsat-workers W</c> (default 1),
/// <c>--instances N</c> (default 20).
/// </summary>
public sealed class PlanCpSatBenchmark : IBenchmark
{
    /// <summary>Objectives of the model and of the product's evaluator agree within this relative difference.</summary>
    public const double Agreement = 1e-6;

    public string Name => "planner-cpsat";

    public string Description => "planner: heuristic vs CP-SAT (same cost model) on random 20-40-segment DAGs over 3-8 regions";

    public async Task RunAsync(BenchmarkContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var o = context.Out;
        var seconds = context.Option("--cpsat-seconds", context.Quick ? 1 : 10);
        var workers = (int)context.Option("--cpsat-workers", 1);
        var instances = (int)context.Option("--instances", context.Quick ? 2 : 20);
        var rng = new Random(20261206);
        var ratios = new List<double>();
        var proven = 0;
        var better = 0;
        var mismatches = 0;
        var maxDifference = 0.0;
        double heuristicMs = 0, cpsatMs = 0;
        var sw = new Stopwatch();
        await o.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{instances} random DAGs (seed 20261206), CP-SAT {seconds:0.###} s per instance on {workers} worker(s)")).ConfigureAwait(false);
        await o.WriteLineAsync("     #  segs regs  heuristic     cp-sat best   cp-sat bound  status     heur/best  heur ms  cp-sat s").ConfigureAwait(false);
        await using var step = context.Step("instances solved by CP-SAT", instances);
        for (var i = 0; i < instances; i++, step.Increment())
        {
            var n = context.Quick ? 20 : 20 + rng.Next(21);
            var regions = 3 + rng.Next(6);
            var request = PlanBenchmark.RandomRequest(rng, n, regions);
            sw.Restart();
            var heuristic = Planner.Plan(request, PlanAlgorithms.Heuristic);
            var hMs = sw.Elapsed.TotalMilliseconds;
            heuristicMs += hMs;
            sw.Restart();
            var cpsat = CpSatPlanModel.Build(request).Solve(seconds, workers);
            var cMs = sw.Elapsed.TotalMilliseconds;
            cpsatMs += cMs;

            var best = double.NaN;
            if (cpsat.Units is { } units)
            {
                var evaluation = CostModel.Evaluate(request, units);
                best = evaluation.Plan.Objective;
                var difference = Math.Abs(best - cpsat.Objective) / Math.Max(Math.Abs(best), 1e-12);
                maxDifference = Math.Max(maxDifference, difference);
                if (!evaluation.IsFeasible || difference > Agreement)
                {
                    mismatches++;
                }

                ratios.Add(heuristic.Objective / best);
                better += heuristic.Objective > best * (1 + 1e-9) ? 1 : 0;
            }

            proven += cpsat.Status == "optimal" ? 1 : 0;
            await o.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  {i,4}  {n,4} {regions,4}  {heuristic.Objective,12:0.000000}  {best,12:0.000000}  {cpsat.Bound,12:0.000000}  {cpsat.Status,-9}  {heuristic.Objective / best,9:0.00000}  {hMs,7:0.0}  {cMs / 1000,8:0.00}")).ConfigureAwait(false);
        }

        if (ratios.Count == 0)
        {
            await o.WriteLineAsync("  CP-SAT found no plan within its time limit; raise --cpsat-seconds").ConfigureAwait(false);
            return;
        }

        await o.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"  objective heuristic/cp-sat best: mean {ratios.Average():0.00000}  worst {ratios.Max():0.00000}  (targets: mean <= 1.01, worst <= 1.03; below 1 = heuristic better)")).ConfigureAwait(false);
        await o.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"  cp-sat better than the heuristic in {better}/{ratios.Count}; proved optimal in {proven}/{instances}")).ConfigureAwait(false);
        await o.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"  time per instance: heuristic {heuristicMs / instances:0.0} ms, cp-sat {cpsatMs / instances / 1000:0.00} s (heuristic/cp-sat {heuristicMs / cpsatMs:0.00000})")).ConfigureAwait(false);
        await o.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"  cp-sat objective vs the product's cost model on its plans: max relative difference {maxDifference:0.0e+0}; disagreements {mismatches}")).ConfigureAwait(false);
    }
}
