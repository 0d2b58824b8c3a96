using Serverless.Annotations;

namespace Serverless.Samples;

/// <summary>A document pipeline: normalise text, split into words, count, pick keywords, build a summary.</summary>
public static partial class DocumentPipeline
{
    [Splitable]
    [ResourceConstraint(MemoryMb = 1024, TimeoutSeconds = 90)]
    public static DocumentSummary Summarize(string title, string text, int keywordCount)
    {
        var normalized = text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim().ToLowerInvariant();
        var words = normalized.Split([' ', '\n', '\t', '.', ',', ';', ':', '!', '?'], StringSplitOptions.RemoveEmptyEntries);
        var frequencies = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var word in words)
        {
            frequencies[word] = frequencies.TryGetValue(word, out var n) ? n + 1 : 1;
        }

        var keywords = frequencies
            .Where(kv => kv.Key.Length > 3)
            .OrderByDescending(kv => kv.Value)
            .ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Take(keywordCount)
            .Select(kv => kv.Key)
            .ToList();
        var sentences = normalized.Split(['.', '!', '?'], StringSplitOptions.RemoveEmptyEntries).Length;
        return new DocumentSummary(title.Trim(), words.Length, sentences, keywords);
    }
}
