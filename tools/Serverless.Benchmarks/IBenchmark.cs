namespace Serverless.Benchmarks;

/// <summary>A benchmark: measures a candidate and a baseline in the same run and prints their ratio.</summary>
public interface IBenchmark
{
    string Name { get; }

    string Description { get; }

    Task RunAsync(BenchmarkContext context);
}

/// <summary>Where a benchmark prints, and whether to run a shorter version (used by tests).</summary>
public sealed record BenchmarkContext(TextWriter Out, bool Quick);
