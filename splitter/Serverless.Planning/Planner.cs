using System.Globalization;
using Serverless.Planning.Model;
using Serverless.Planning.Solving;

namespace Serverless.Planning;

/// <summary>
/// Chooses split points and regions for one call by the cost model: exact branch and bound when the graph is small,
/// dynamic programming on chains, list scheduling plus local search otherwise. Deterministic.
/// </summary>
public static class Planner
{
    /// <summary>Largest graph <see cref="PlanAlgorithms.Auto"/> tries the exact solver on (within its node budget).</summary>
    public const int ExactMaxSegments = 10;

    /// <summary>Node budget of the exact solver under <see cref="PlanAlgorithms.Auto"/>; beyond it the heuristic plan stands.</summary>
    public const long AutoExactNodeBudget = 100_000;

    /// <summary>Plans with the algorithm chosen by size and shape.</summary>
    public static Plan Plan(PlanRequest request) => Plan(request, PlanAlgorithms.Auto);

    /// <summary>
    /// Plans with the named algorithm (<see cref="PlanAlgorithms"/>). Throws <see cref="PlanningException"/> for an
    /// invalid request (naming the field) or when no plan meets the constraints (naming the constraint).
    /// </summary>
    public static Plan Plan(PlanRequest request, string algorithm)
    {
        var p = PlanProblem.Compile(request);
        CheckSegmentsFitTimeout(p);
        var evaluator = new Evaluator(p);
        Assignment result;
        string name;
        switch (algorithm)
        {
            case PlanAlgorithms.Auto:
                (result, name) = Auto(p);
                break;
            case PlanAlgorithms.Exact:
                if (p.SegmentCount > ExactMaxSegments + 4)
                {
                    throw new PlanningException($"the exact solver is limited to {ExactMaxSegments + 4} segments (this graph has {p.SegmentCount}); use '{PlanAlgorithms.Auto}' or '{PlanAlgorithms.Heuristic}'", "algorithm");
                }

                result = Exact(p, new HeuristicSolver(p).Solve(), long.MaxValue).Best ?? new HeuristicSolver(p).Solve();
                name = PlanAlgorithms.Exact;
                break;
            case PlanAlgorithms.ChainDp:
                if (!p.IsChain)
                {
                    throw new PlanningException("chain-dp needs a chain: edges exactly i -> i+1 for every segment i; use 'auto'", "algorithm");
                }

                result = ChainDp(p, evaluator) ?? new HeuristicSolver(p).Solve();
                name = PlanAlgorithms.ChainDp;
                break;
            case PlanAlgorithms.Heuristic:
                result = new HeuristicSolver(p).Solve();
                name = PlanAlgorithms.Heuristic;
                break;
            default:
                throw new PlanningException($"unknown algorithm '{algorithm}'; choose auto, exact, chain-dp or heuristic", "algorithm");
        }

        var e = evaluator.Evaluate(result.UnitOf, result.RegionOfSlot, p.SegmentCount, true);
        if (!e.IsFeasible)
        {
            throw Unsatisfiable(p, e, name);
        }

        return evaluator.BuildPlan(name, e);
    }

    private static (Assignment Result, string Name) Auto(PlanProblem p)
    {
        if (!p.Splittable)
        {
            return (new HeuristicSolver(p).SingleUnitBaseline(), PlanAlgorithms.Exact);
        }

        if (ChainDpSolver.Fits(p) && ChainDp(p, new Evaluator(p)) is { } chain)
        {
            return (chain, PlanAlgorithms.ChainDp);
        }

        var heuristic = new HeuristicSolver(p).Solve();
        if (p.SegmentCount <= ExactMaxSegments)
        {
            var exact = Exact(p, heuristic, AutoExactNodeBudget);
            if (exact.Completed)
            {
                // Completed without a feasible plan proves there is none; the heuristic's plan then names the violation.
                return (exact.Best ?? heuristic, PlanAlgorithms.Exact);
            }
        }

        return (heuristic, PlanAlgorithms.Heuristic);
    }

    private static (Assignment? Best, bool Completed) Exact(PlanProblem p, Assignment incumbent, long budget)
    {
        var solver = new ExactSolver(p, budget);
        var completed = solver.Solve(incumbent);
        return (solver.Best, completed);
    }

    private static Assignment? ChainDp(PlanProblem p, Evaluator evaluator)
    {
        if (new ChainDpSolver(p).Solve() is not { } solution)
        {
            return null;
        }

        var e = evaluator.Evaluate(solution.UnitOf, solution.RegionOfSlot, p.SegmentCount, true);
        return new Assignment(solution.UnitOf, solution.RegionOfSlot, e);
    }

    private static void CheckSegmentsFitTimeout(PlanProblem p)
    {
        var fastest = p.AllowedRegions.OrderByDescending(r => p.Speed[r]).First();
        var timeoutSeconds = (p.TimeoutMs / 1000).ToString(CultureInfo.InvariantCulture);
        if (!p.Splittable)
        {
            var total = p.Work.Sum() / p.Speed[fastest];
            if (total > p.TimeoutMs + 1e-9)
            {
                throw new PlanningException(
                    $"timeoutSeconds: the function cannot be split (its graph has error diagnostics) and needs {Ms(total)} in the fastest allowed region ({p.RegionNames[fastest]}), more than the timeout of {timeoutSeconds} s; raise the timeout or fix the diagnostics");
            }

            return;
        }

        for (var s = 0; s < p.SegmentCount; s++)
        {
            var d = p.Work[s] / p.Speed[fastest];
            if (d > p.TimeoutMs + 1e-9)
            {
                var seg = p.Request.Graph.Segments[s];
                throw new PlanningException(
                    $"timeoutSeconds: segment {s} (lines {seg.StartLine}-{seg.EndLine}) needs {Ms(d)} even in the fastest allowed region ({p.RegionNames[fastest]}), more than the timeout of {timeoutSeconds} s; raise the timeout or split that statement");
            }
        }
    }

    private static PlanningException Unsatisfiable(PlanProblem p, in Evaluation e, string algorithm)
    {
        if (e.DeadlineExcessMs > 0 && p.DeadlineMs is { } deadline)
        {
            var proven = algorithm is PlanAlgorithms.Exact or PlanAlgorithms.ChainDp ? "no plan meets" : "no plan found meets";
            return new PlanningException(
                $"objective.deadlineMs: {proven} the deadline of {Ms(deadline)}; the fastest plan found takes {Ms(e.MakespanMs)}; raise the deadline, add faster regions or reduce the work");
        }

        if (e.TimeoutExcessMs > 0)
        {
            return new PlanningException($"timeoutSeconds: no plan keeps every unit within {p.TimeoutMs / 1000} s");
        }

        return new PlanningException("no feasible plan found (internal: the unit graph was cyclic or used a region that is not allowed)");
    }

    private static string Ms(double ms) => ms.ToString("0.###", CultureInfo.InvariantCulture) + " ms";
}
