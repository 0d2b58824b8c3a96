using Serverless.Api.Analysis;
using Serverless.Contracts.Manifest;

namespace Serverless.Api.Tests.Doubles;

/// <summary>Returns one graph per line that holds "[Splitable]" (named Submitted.Code.M{line}), and counts its calls.</summary>
public sealed class FakeAnalyzer : ISourceAnalyzer
{
    public int Calls { get; private set; }

    public IReadOnlyList<SplitGraph> Analyze(IReadOnlyList<SourceFile> files, CancellationToken cancellationToken = default)
    {
        Calls++;
        var lines = files.SelectMany(f => f.Text.Split('\n')).ToList();
        return [.. lines.Select((l, i) => (l, i)).Where(x => x.l.Contains("[Splitable]", StringComparison.Ordinal)).Select(x => TestFunctions.SumOfSquaresGraph with { Function = $"Submitted.Code.M{x.i + 1}" })];
    }
}
