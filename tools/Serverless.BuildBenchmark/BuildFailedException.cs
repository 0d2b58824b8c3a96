namespace Serverless.BuildBenchmark;

/// <summary>A build the benchmark runs failed; the message carries the end of its output.</summary>
internal sealed class BuildFailedException(string message) : Exception(message);
