using System.Globalization;

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
                "Serverless.Samples.ImagePipeline.Process" =>
                    $"{{\"width\":{random.Next(-1, 24)},\"height\":{random.Next(1, 24)},\"seed\":{random.Next()},\"threshold\":{random.Next(256)}}}",
                "Serverless.Samples.RiskAnalysis.Assess" =>
                    $"{{\"returns\":[{string.Join(",", Enumerable.Range(0, random.Next(0, 30)).Select(_ => ((random.NextDouble() - 0.5) / 10).ToString("R", CultureInfo.InvariantCulture)))}],\"confidence\":0.95,\"simulations\":{random.Next(0, 200)}}}",
                "Serverless.Samples.LoanSchedule.Amortize" =>
                    $"{{\"principal\":{random.Next(1000, 100000)},\"annualRatePercent\":{(random.Next(0, 120) / 10m).ToString(CultureInfo.InvariantCulture)},\"months\":{random.Next(-1, 40)}}}",
                "Serverless.Samples.OrderValidation.Validate" =>
                    $"{{\"order\":{{\"lines\":[{string.Join(",", Enumerable.Range(0, random.Next(0, 4)).Select(_ => $"{{\"sku\":\"s{random.Next(5)}\",\"quantity\":{random.Next(1, 8)},\"unitPrice\":{(random.Next(0, 5000) / 100m).ToString(CultureInfo.InvariantCulture)}}}"))}],\"coupon\":{Coupon(random)}}},\"stockOnHand\":{random.Next(0, 20)}}}",
                "Serverless.Samples.SalesReport.Build" =>
                    $"{{\"sales\":[{string.Join(",", Enumerable.Range(0, random.Next(0, 25)).Select(_ => $"{{\"customer\":\"c{random.Next(6)}\",\"product\":\"p{random.Next(5)}\",\"region\":\"r{random.Next(3)}\",\"month\":{random.Next(1, 5)},\"quantity\":{random.Next(-1, 9)},\"unitPrice\":{(random.Next(0, 10000) / 100m).ToString(CultureInfo.InvariantCulture)}}}"))}],\"top\":{random.Next(0, 4)}}}",
                "Serverless.Samples.InventorySync.SyncAsync" =>
                    $"{{\"warehouses\":[{string.Join(",", Enumerable.Range(0, random.Next(0, 4)).Select(_ => random.Next(8) == 0 ? "\"\"" : $"\"w{random.Next(9)}\""))}],\"sku\":\"sku-{random.Next(100)}\"}}",
                "Serverless.Samples.EnergyReport.Compare" =>
                    $"{{\"day\":{random.Next(0, 366)},\"meters\":{random.Next(0, 40)}}}",
                _ => throw new InvalidOperationException($"No argument generator for {functionId}: add one to SampleArguments."),
            };
        }
    }

    private static string Coupon(Random random) => random.Next(5) switch
    {
        0 => "\"TENOFF\"",
        1 => "\"BULK\"",
        2 => "\"BOGUS\"",
        _ => "null",
    };

    private static string Text(Random random)
        => string.Join(random.Next(4) == 0 ? ". " : " ", Enumerable.Range(0, random.Next(0, 40)).Select(_ => Words[random.Next(Words.Length)]));
}
