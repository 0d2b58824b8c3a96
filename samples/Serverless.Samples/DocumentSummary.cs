namespace Serverless.Samples;

/// <summary>Result of <see cref="DocumentPipeline.Summarize"/>.</summary>
public sealed record DocumentSummary(string Title, int WordCount, int SentenceCount, IReadOnlyList<string> Keywords);
