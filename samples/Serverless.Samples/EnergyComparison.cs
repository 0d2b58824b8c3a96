namespace Serverless.Samples;

/// <summary>Result of <see cref="EnergyReport.Compare"/>: both load profiles, America's total over Europe's, and how many hours apart their peaks are.</summary>
public sealed record EnergyComparison(int Day, LoadProfile Europe, LoadProfile America, double AmericaToEuropeRatio, int PeakHoursApart);
