namespace Serverless.Planning;

/// <summary>Names of the planning algorithms, as <see cref="Model.Plan.Algorithm"/> reports them.</summary>
public static class PlanAlgorithms
{
    /// <summary>Pick by size and shape: exact when small, chain-dp on chains, heuristic otherwise.</summary>
    public const string Auto = "auto";

    /// <summary>Branch-and-bound over every acyclic partition into units times every region assignment.</summary>
    public const string Exact = "exact";

    /// <summary>Dynamic programming over contiguous units of a chain (exact on chains).</summary>
    public const string ChainDp = "chain-dp";

    /// <summary>HEFT-style list scheduling with fusion, baselines, and local search (moves, merges, splits).</summary>
    public const string Heuristic = "heuristic";

    /// <summary>A partition given by the caller and priced by <see cref="CostModel"/>.</summary>
    public const string Given = "given";
}
