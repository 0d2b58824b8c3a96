namespace Serverless.Planning.Model;

/// <summary>A priced partition: the plan it amounts to and the constraints it violates (empty when feasible).</summary>
public sealed record PlanEvaluation(Plan Plan, IReadOnlyList<string> Violations)
{
    /// <summary>True when the partition meets every constraint.</summary>
    public bool IsFeasible => Violations.Count == 0;
}
