namespace Serverless.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project tools/Serverless.Benchmarks -- [name...] [--quick]</c>: runs benchmarks that
/// each measure a candidate against a baseline in the same run and print the ratio. Without names, runs all of them.
/// Numeric options (<see cref="NumericOptions"/>) take a positive number after them.
/// Exit codes: 0 success, 2 unknown benchmark or option, or a bad option value (message on stderr).
/// </summary>
public static class BenchmarkRunner
{
    /// <summary>All benchmarks; add one here.</summary>
    public static IReadOnlyList<IBenchmark> All { get; } =
    [
        new PlanBenchmark(),
        new PlanCpSatBenchmark(),
        new AnalyzeBenchmark(),
        new EngineBenchmark(),
        new StateStoreBenchmark(),
        new AuctionBenchmark(),

        // Last: it starts Azurite (Node.js) and takes minutes; the others print first.
        new BackendsBenchmark(),
        new LoadBenchmark(),
    ];

    /// <summary>Options that take a positive number: CP-SAT's time limit per instance, its search workers, instance counts, and the load benchmark's executions and clients.</summary>
    public static IReadOnlyList<string> NumericOptions { get; } = ["--cpsat-seconds", "--cpsat-workers", "--instances", "--executions", "--clients"];

    public static string Usage => "usage: dotnet run -c Release --project tools/Serverless.Benchmarks -- [" + string.Join('|', All.Select(b => b.Name)) + "]... [--quick]"
        + string.Concat(NumericOptions.Select(o => $" [{o} N]"));

    /// <summary>Runs the benchmarks <paramref name="args"/> name; long steps show <paramref name="progress"/> (none when null), whose
    /// console then carries every line.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, BenchmarkProgress? progress = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        stdout = progress?.Out ?? stdout;
        if (args.Any(a => a is "--help" or "-h"))
        {
            await stdout.WriteLineAsync(Usage).ConfigureAwait(false);
            return 0;
        }

        var quick = args.Contains("--quick");
        var options = new Dictionary<string, double>(StringComparer.Ordinal);
        var names = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--quick")
            {
                continue;
            }

            if (NumericOptions.Contains(args[i]))
            {
                if (i + 1 >= args.Length || !double.TryParse(args[i + 1], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) || !(value > 0) || !double.IsFinite(value))
                {
                    return await FailAsync(stderr, $"{args[i]} needs a positive number after it (got '{(i + 1 < args.Length ? args[i + 1] : "nothing")}')").ConfigureAwait(false);
                }

                options[args[i]] = value;
                i++;
                continue;
            }

            names.Add(args[i]);
        }

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
                await b.RunAsync(new BenchmarkContext(stdout, quick, options, progress)).ConfigureAwait(false);
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
