namespace Serverless.Planning.Solving;

/// <summary>The figures of one evaluated (possibly partial) assignment.</summary>
internal readonly record struct Evaluation(
    double Compute,
    double Transfer,
    double Penalty,
    double MakespanMs,
    double MaxFinishMs,
    double Objective,
    int Units,
    bool Cyclic,
    bool StaleRead,
    int DisallowedUnits,
    double TimeoutExcessMs,
    double DeadlineExcessMs)
{
    public static Evaluation Worst { get; } = new(0, 0, 0, double.PositiveInfinity, double.PositiveInfinity, double.PositiveInfinity, int.MaxValue, true, true, int.MaxValue, double.PositiveInfinity, double.PositiveInfinity);

    public bool IsFeasible => !Cyclic && !StaleRead && DisallowedUnits == 0 && TimeoutExcessMs <= 0 && DeadlineExcessMs <= 0;

    /// <summary>How far from feasible: 0 when feasible; infinite when the unit graph is cyclic, a consumer would read an overwritten value, or a region is not allowed.</summary>
    public double Violation => Cyclic || StaleRead || DisallowedUnits > 0 ? double.PositiveInfinity : TimeoutExcessMs + DeadlineExcessMs;

    public double TotalCost => Compute + Transfer;

    /// <summary>The planner's order: less violation, then lower objective, then smaller makespan, then fewer units.</summary>
    public bool IsBetterThan(in Evaluation other)
    {
        var v = Violation;
        var ov = other.Violation;
        if (v < ov - 1e-9)
        {
            return true;
        }

        if (v > ov + 1e-9 || double.IsPositiveInfinity(v))
        {
            return false;
        }

        var tol = (1e-9 * Math.Abs(other.Objective)) + 1e-15;
        if (Objective < other.Objective - tol)
        {
            return true;
        }

        if (Objective > other.Objective + tol)
        {
            return false;
        }

        var mtol = (1e-9 * Math.Abs(other.MakespanMs)) + 1e-9;
        if (MakespanMs < other.MakespanMs - mtol)
        {
            return true;
        }

        if (MakespanMs > other.MakespanMs + mtol)
        {
            return false;
        }

        return Units < other.Units;
    }
}
