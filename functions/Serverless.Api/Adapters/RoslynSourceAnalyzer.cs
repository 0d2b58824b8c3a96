using Serverless.Api.Analysis;
using Serverless.Contracts.Manifest;
using Serverless.Splitting;

namespace Serverless.Api.Adapters;

/// <summary>The split analysis of Serverless.Splitting: parses and analyses; never emits, loads or runs the source.</summary>
public sealed class RoslynSourceAnalyzer : ISourceAnalyzer
{
    public IReadOnlyList<SplitGraph> Analyze(IReadOnlyList<SourceFile> files, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        return SplitAnalyzer.AnalyzeSources(files.Select(f => (f.Path, f.Text)), cancellationToken);
    }
}
