using System.Diagnostics;
using System.Globalization;
using Serverless.Planning;

namespace Serverless.Benchmarks;

/// <summary>
/// `planner-cpsat`: the heuristic planner against CP-SAT on the same cost model (<see cref="CpSatPlanModel"/>) on
/// random 20-40-segment DAGs over 3-8 regions, where brute force cannot reach. CP-SAT starts from the heuristic's plan
/// (every model variable hinted) and is time-limited; its best plan is priced again by the product's cost model, and
/// the model's objective for that plan (its schedule solved with the assignment fixed) must agree with that price.
/// Prints per instance, then how many instances CP-SAT solved (feasible / proved optimal), the heuristic's mean and
/// worst objective ratio to CP-SAT's best against the targets, CP-SAT's proven bound gap, and the planning-time ratio
/// heuristic/CP-SAT.
/// Options: <c>--cpsat-seconds S</c> (per instance, default 10), <c>--cpsat-workers W</c> (default 2, the machine's
/// cores), <c>--instances N</c> (default 20).
/// </summary>
public sealed class PlanCpSatBenchmark : IBenchmark
{
    /// <summary>
    /// Objectives of the model and of the product's evaluator agree within this relative difference (the model
    /// rounds money to 1e-12 and time to 1 µs per term).
    /// </summary>
    public const double Agreement = 1e-4;

    /// <summary>Targets: the heuristic's mean and worst objective over CP-SAT's best.</summary>
    public const double MeanTarget = 1.01;

    public const double WorstTarget = 1.03;

    public string Name => "planner-cpsat";

    public string Description => "planner: heuristic vs CP-SAT (same cost model) on random 20-40-segment DAGs over 3-8 regions";

    public async Task RunAsync(BenchmarkContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var o = context.Out;
        var seconds = context.Option("--cpsat-seconds", context.Quick ? 1 : 10);
        var workers = (int)context.Option("--cpsat-workers", 2);
        var instances = (int)context.Option("--instances", context.Quick ? 2 : 20);
        var rng = new Random(20261206);
        var ratios = new List<double>();
        var gaps = new List<double>();
        var feasible = 0;
        var hintOnly = 0;
        var proven = 0;
        var better = 0;
        var mismatches = 0;
        var maxDifference = 0.0;
        double heuristicMs = 0, cpsatMs = 0;
        var sw = new Stopwatch();
        await o.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{instances} random DAGs (seed 20261206), CP-SAT {seconds:0.###} s per instance on {workers} worker(s), hinted with the heuristic's plan")).ConfigureAwait(false);
        await o.WriteLineAsync("     #  segs regs units  heuristic     cp-sat best   cp-sat bound  status     heur/best  gap      heur ms  cp-sat s").ConfigureAwait(false);
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
            var hint = heuristic.Units.Select(u => (u.Segments, u.Region)).ToList();
            sw.Restart();
            var cpsat = CpSatPlanModel.Build(request).Solve(seconds, workers, hint);
            var cMs = sw.Elapsed.TotalMilliseconds;
            cpsatMs += cMs;

            var best = double.NaN;
            var gap = double.NaN;
            var units = 0;
            if (cpsat.Units is { } found)
            {
                feasible++;
                hintOnly += cpsat.Status == "hint" ? 1 : 0;
                units = found.Count;

                // CP-SAT's objective may carry slack in a solution it has not proved optimal; the model's exact value
                // for its assignment is its schedule solved with the assignment fixed.
                var evaluation = CostModel.Evaluate(request, found);
                var exact = CpSatPlanModel.Build(request).Evaluate(found);
                best = evaluation.Plan.Objective;
                var difference = Math.Abs(best - exact.Objective) / Math.Max(Math.Abs(best), 1e-12);
                maxDifference = Math.Max(maxDifference, double.IsNaN(difference) ? double.PositiveInfinity : difference);
                if (!evaluation.IsFeasible || exact.Status != "optimal" || !(difference <= Agreement))
                {
                    mismatches++;
                }

                gap = (best - cpsat.Bound) / best;
                gaps.Add(gap);
                ratios.Add(heuristic.Objective / best);
                better += heuristic.Objective > best * (1 + 1e-6) ? 1 : 0;
            }

            proven += cpsat.Status == "optimal" ? 1 : 0;
            await o.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  {i,4}  {n,4} {regions,4} {units,5}  {heuristic.Objective,12:0.000000}  {best,12:0.000000}  {cpsat.Bound,12:0.000000}  {cpsat.Status,-9}  {heuristic.Objective / best,9:0.00000}  {gap,6:0.0%}  {hMs,7:0.0}  {cMs / 1000,8:0.00}")).ConfigureAwait(false);
        }

        await o.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"  instances {instances}: cp-sat has a plan in {feasible}/{instances} (its own solution in {feasible - hintOnly}, only the heuristic's hint in {hintOnly}: status hint), proved optimal in {proven}/{instances}")).ConfigureAwait(false);
        if (ratios.Count == 0)
        {
            await o.WriteLineAsync("  CP-SAT found no plan within its time limit; raise --cpsat-seconds").ConfigureAwait(false);
            return;
        }

        var mean = ratios.Average();
        var worst = ratios.Max();
        await o.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"  objective heuristic/cp-sat best: mean {mean:0.00000} (target <= {MeanTarget}: {PassFail(mean <= MeanTarget)})  worst {worst:0.00000} (target <= {WorstTarget}: {PassFail(worst <= WorstTarget)})")).ConfigureAwait(false);
        await o.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"  cp-sat better than the heuristic in {better}/{ratios.Count}; proven bound gap (best - bound) / best: mean {gaps.Average():0.0%}, worst {gaps.Max():0.0%}")).ConfigureAwait(false);
        await o.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"  time per instance: heuristic {heuristicMs / instances:0.0} ms, cp-sat {cpsatMs / instances / 1000:0.00} s (heuristic/cp-sat {heuristicMs / cpsatMs:0.00000})")).ConfigureAwait(false);
        await o.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"  the model's objective vs the product's cost model on cp-sat's plans: max relative difference {maxDifference:0.0e+0}; disagreements {mismatches}")).ConfigureAwait(false);
    }

    private static string PassFail(bool pass) => pass ? "pass" : "FAIL";
}
