namespace Serverless.Splitting.Generator.Tests.Corpus;

/// <summary>The whole corpus: algorithm code and business code.</summary>
internal static class CorpusMethods
{
    public static IReadOnlyList<CorpusCase> All { get; } = [.. AlgorithmCorpus.All, .. BusinessCorpus.All];
}
