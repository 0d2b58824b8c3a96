namespace Serverless.Benchmarks;

/// <summary>A benchmark: measures a candidate and a baseline in the same run and prints their ratio.</summary>
public interface IBenchmark
{
    string Name { get; }

    string Description { get; }

    Task RunAsync(BenchmarkContext context);
}

/// <summary>
/// Where a benchmark prints, whether to run a shorter version (used by tests), and the numeric options given on the
/// command line (<see cref="BenchmarkRunner.NumericOptions"/>), and the live progress of long steps
/// (<see cref="BenchmarkProgress"/>; none when not given).
/// </summary>
public sealed record BenchmarkContext(TextWriter Out, bool Quick, IReadOnlyDictionary<string, double>? Options = null, BenchmarkProgress? Progress = null)
{
    /// <summary>Starts a step of <paramref name="total"/> items, shown as a live bar on a terminal; dispose it when done.</summary>
    public BenchmarkProgress.Step Step(string description, int total) => (Progress ?? BenchmarkProgress.Plain(Out)).Start(description, total);

    /// <summary>The value of option <paramref name="name"/> (e.g. <c>--cpsat-seconds</c>), else <paramref name="fallback"/>.</summary>
    public double Option(string name, double fallback) => Options is not null && Options.TryGetValue(name, out var v) ? v : fallback;
}
