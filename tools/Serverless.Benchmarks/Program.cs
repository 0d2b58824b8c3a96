using Serverless.Local.Engine;

namespace Serverless.Benchmarks;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        // The engine benchmarks host the in-process Durable Task engine: unblock its concurrency first.
        if (!args.Contains("--help") && await ProcessorCountGuard.TryReexecuteAsync(args).ConfigureAwait(false) is { } exitCode)
        {
            return exitCode;
        }

        // A live bar for long steps on a terminal (not with NO_COLOR, not when redirected).
        return await BenchmarkRunner.RunAsync(args, Console.Out, Console.Error, BenchmarkProgress.For(Console.Out, Environment.GetEnvironmentVariable)).ConfigureAwait(false);
    }
}
