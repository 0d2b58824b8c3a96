namespace Serverless.Orchestrations.Profiles;

/// <summary>An exponential moving average and how many samples it has seen (the first sample is taken as is).</summary>
public sealed record MovingAverage(long Count, double Mean)
{
    public MovingAverage Add(double sample, double alpha) =>
        Count == 0 ? new MovingAverage(1, sample) : new MovingAverage(Count + 1, Mean + (alpha * (sample - Mean)));
}
