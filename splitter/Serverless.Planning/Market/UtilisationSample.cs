namespace Serverless.Planning.Market;

/// <summary>A region's average instance utilisation (0..1) at one moment.</summary>
public sealed record UtilisationSample(DateTimeOffset At, double Utilisation);
