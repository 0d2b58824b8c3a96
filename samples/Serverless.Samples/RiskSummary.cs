namespace Serverless.Samples;

/// <summary>Result of <see cref="RiskAnalysis.Assess"/>.</summary>
public sealed record RiskSummary(double Mean, double Volatility, double MaxDrawdown, double ValueAtRisk, double ExpectedSimulatedLoss);
