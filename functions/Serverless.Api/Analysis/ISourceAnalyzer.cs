using Serverless.Contracts.Manifest;

namespace Serverless.Api.Analysis;

/// <summary>
/// Parses and analyses submitted C# source into the split graphs of its <c>[Splitable]</c> methods. The source is
/// never emitted, loaded or run.
/// </summary>
public interface ISourceAnalyzer
{
    /// <summary>The graphs of every <c>[Splitable]</c> method of the files; syntax errors become diagnostics.</summary>
    IReadOnlyList<SplitGraph> Analyze(IReadOnlyList<SourceFile> files, CancellationToken cancellationToken = default);
}
