namespace Serverless.Local.Demo;

/// <summary>
/// One sample the demo runs: the function, its arguments (JSON object, parameter name → value), and the simulated
/// work of its segments in reference milliseconds (what a profile of a heavier input would report). Segments not
/// listed get <see cref="DefaultWorkFactor"/> × the analysis's static estimate.
/// </summary>
internal sealed record DemoScenario(string FunctionId, string Story, string ArgumentsJson, IReadOnlyDictionary<int, double> Work)
{
    public const double DefaultWorkFactor = 10;

    /// <summary>The simulated work of each segment, given the analysis's static estimates.</summary>
    public double[] WorkOf(IReadOnlyList<double> staticEstimates)
        => [.. staticEstimates.Select((w, s) => Work.TryGetValue(s, out var given) ? given : Math.Round(Math.Max(1, w * DefaultWorkFactor), 2))];
}
