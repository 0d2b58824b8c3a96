namespace Serverless.Splitting.Generator.Tests;

/// <summary>Random arguments (JSON objects) for each sample function.</summary>
internal static class SampleArguments
{
    private static readonly string[] Words = ["serverless", "split", "region", "the", "cost", "plan", "unit", "segment", "azure", "function", "data", "edge"];

    public static IEnumerable<string> For(string functionId, Random random, int count)
    {
        for (var i = 0; i < count; i++)
        {
            yield return functionId switch
            {
                "Serverless.Samples.DocumentPipeline.Summarize" =>
                    $"{{\"title\":\" Doc {i} \",\"text\":\"{Text(random)}\",\"keywordCount\":{random.Next(0, 5)}}}",
                _ => throw new InvalidOperationException($"No argument generator for {functionId}: add one to SampleArguments."),
            };
        }
    }

    private static string Text(Random random)
        => string.Join(random.Next(4) == 0 ? ". " : " ", Enumerable.Range(0, random.Next(0, 40)).Select(_ => Words[random.Next(Words.Length)]));
}
