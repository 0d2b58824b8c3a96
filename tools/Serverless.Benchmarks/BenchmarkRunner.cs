namespace Serverless.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project tools/Serverless.Benchmarks -- [name...] [--quick]</c>: runs benchmarks that
/// each measure a candidate against a baseline in the same run and print the ratio. Without names, runs all of them.
/// Exit codes: 0 success, 2 unknown benchmark or option (message on stderr).
/// </summary>
public static class BenchmarkRunner
{
    /// <summary>All benchmarks; add one here.</summary>
    public static IReadOnlyList<IBenchmark> All { get; } =
    [
        new PlanBenchmark(),
        new AnalyzeBenchmark(),
        new EngineBenchmark(),
        new StateStoreBenchmark(),
        new AuctionBenchmark(),

        // Last: it starts Azurite (Node.js) and takes minutes; the others print first.
        new BackendsBenchmark(),
    ];

    public static string Usage => "usage: dotnet run -c Release --project tools/Serverless.Benchmarks -- [" + string.Join('|', All.Select(b => b.Name)) + "]... [--quick]";

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (args.Any(a => a is "--help" or "-h"))
        {
            await stdout.WriteLineAsync(Usage).ConfigureAwait(false);
            return 0;
        }

        var quick = args.Contains("--quick");
        var names = args.Where(a => a != "--quick").ToList();
        if (names.FirstOrDefault(n => n.StartsWith('-')) is { } option)
        {
            return await FailAsync(stderr, $"unknown option '{option}'").ConfigureAwait(false);
        }

        if (names.FirstOrDefault(n => All.All(b => b.Name != n)) is { } unknown)
        {
            return await FailAsync(stderr, $"unknown benchmark '{unknown}'; choose from: {string.Join(", ", All.Select(b => b.Name))}").ConfigureAwait(false);
        }

        var selected = names.Count == 0 ? All : names.Select(n => All.First(b => b.Name == n)).ToList();
        foreach (var b in selected)
        {
            await stdout.WriteLineAsync($"== {b.Name}: {b.Description}").ConfigureAwait(false);
            try
            {
                await b.RunAsync(new BenchmarkContext(stdout, quick)).ConfigureAwait(false);
            }
            catch (Serverless.Local.UsageException ex)
            {
                // A benchmark that cannot run here (Azurite missing) says why; no stack trace.
                return await FailAsync(stderr, $"{b.Name}: {ex.Message}").ConfigureAwait(false);
            }

            await stdout.WriteLineAsync().ConfigureAwait(false);
        }

        return 0;
    }

    private static async Task<int> FailAsync(TextWriter stderr, string message)
    {
        await stderr.WriteLineAsync("serverless-bench: " + message).ConfigureAwait(false);
        await stderr.WriteLineAsync(Usage).ConfigureAwait(false);
        return 2;
    }
}
