using Serverless.Annotations;

namespace Serverless.Samples;

/// <summary>
/// Fan-out and join: independent statistics of a return series (mean, volatility, drawdown, value at risk,
/// a Monte Carlo estimate) computed separately and combined into one risk summary.
/// </summary>
public static partial class RiskAnalysis
{
    [Splitable]
    [ResourceConstraint(MemoryMb = 1024, TimeoutSeconds = 60)]
    public static RiskSummary Assess(double[] returns, double confidence, int simulations)
    {
        if (returns.Length == 0)
        {
            throw new ArgumentException("At least one return is needed.", nameof(returns));
        }

        var mean = returns.Average();
        var volatility = Math.Sqrt(returns.Sum(r => (r - mean) * (r - mean)) / Math.Max(1, returns.Length - 1));
        var drawdown = MaxDrawdown(returns);
        var sorted = returns.Order().ToArray();
        var valueAtRisk = -sorted[(int)Math.Floor((1 - confidence) * (sorted.Length - 1))];
        var simulated = MonteCarloLoss(mean, volatility, simulations, seed: returns.Length);
        return new RiskSummary(Math.Round(mean, 9), Math.Round(volatility, 9), Math.Round(drawdown, 9), Math.Round(valueAtRisk, 9), Math.Round(simulated, 9));
    }

    private static double MaxDrawdown(double[] returns)
    {
        double value = 1, peak = 1, worst = 0;
        foreach (var r in returns)
        {
            value *= 1 + r;
            peak = Math.Max(peak, value);
            worst = Math.Max(worst, (peak - value) / peak);
        }

        return worst;
    }

    private static double MonteCarloLoss(double mean, double volatility, int simulations, int seed)
    {
        var random = new Random(seed);
        var losses = 0.0;
        for (var i = 0; i < simulations; i++)
        {
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            var z = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
            losses += Math.Max(0, -(mean + (volatility * z)));
        }

        return simulations == 0 ? 0 : losses / simulations;
    }
}
