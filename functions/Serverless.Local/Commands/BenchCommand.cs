using Serverless.Local.Benchmarks;

namespace Serverless.Local.Commands;

/// <summary>
/// `serverless bench [name...]`: runs benchmarks that each measure a candidate against a baseline in the same
/// run and print the ratio. Without names, runs all of them.
/// </summary>
public sealed class BenchCommand : ICliCommand
{
    /// <summary>All benchmarks; add one here and in Benchmarks/.</summary>
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

    public string Name => "bench";

    public string Summary => "measure performance against a baseline in the same run and print ratios";

    public string Usage => "serverless bench [" + string.Join('|', All.Select(b => b.Name)) + "]... [--quick]";

    public async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var quick = args.Contains("--quick");
        var names = args.Where(a => a != "--quick").ToList();
        foreach (var n in names.Where(n => n.StartsWith('-')))
        {
            throw new UsageException($"unknown option '{n}'");
        }

        var selected = names.Count == 0 ? All : names.Select(n => All.FirstOrDefault(b => b.Name == n)
            ?? throw new UsageException($"unknown benchmark '{n}'; choose from: {string.Join(", ", All.Select(b => b.Name))}")).ToList();
        foreach (var b in selected)
        {
            await stdout.WriteLineAsync($"== {b.Name}: {b.Description}").ConfigureAwait(false);
            await b.RunAsync(new BenchmarkContext(stdout, quick)).ConfigureAwait(false);
            await stdout.WriteLineAsync().ConfigureAwait(false);
        }

        return ExitCodes.Ok;
    }
}
