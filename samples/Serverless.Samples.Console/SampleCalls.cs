using System.Globalization;

namespace Serverless.Samples.Console;

/// <summary>Ordinary calls of the sample functions (each one is intercepted when the splitter is installed).</summary>
public static class SampleCalls
{
    /// <summary>Each sample by function id, with a call that has fixed arguments.</summary>
    public static IReadOnlyList<(string Function, Func<Task<object?>> Call)> All { get; } =
    [
        ("Serverless.Samples.ImagePipeline.Process", () => Task.FromResult<object?>(ImagePipeline.Process(1600, 1200, 7, 120))),
        ("Serverless.Samples.ImagePipeline.Process", () => Task.FromResult<object?>(ImagePipeline.Process(1600, 1200, 7, 120))),
        ("Serverless.Samples.RiskAnalysis.Assess", () => Task.FromResult<object?>(RiskAnalysis.Assess(Returns(120), 0.95, 2000))),
        ("Serverless.Samples.LoanSchedule.Amortize", () => Task.FromResult<object?>(LoanSchedule.Amortize(250000m, 4.5m, 120))),
        ("Serverless.Samples.OrderValidation.Validate", () => Task.FromResult<object?>(OrderValidation.Validate(
            new Order(new List<OrderLine> { new("A-1", 3, 19.99m), new("B-7", 8, 4.5m) }, "BULK"), 40))),
        ("Serverless.Samples.SalesReport.Build", () => Task.FromResult<object?>(SalesReport.Build(Sales(200), 3))),
        ("Serverless.Samples.DocumentPipeline.Summarize", () => Task.FromResult<object?>(DocumentPipeline.Summarize(
            "  Serverless Splitter  ",
            "Split functions run anywhere. Functions split into segments; segments run in regions. Regions bid for segments, and the cheapest region wins the work!",
            4))),
        ("Serverless.Samples.InventorySync.SyncAsync", async () => await InventorySync.SyncAsync(["oslo", "dublin", "lisbon"], "SKU-42").ConfigureAwait(false)),
        ("Serverless.Samples.EnergyReport.Compare", () => Task.FromResult<object?>(EnergyReport.Compare(12, 500))),
    ];

    /// <summary>A deterministic series of daily returns.</summary>
    public static double[] Returns(int count)
        => [.. Enumerable.Range(0, count).Select(i => Math.Round((0.01 * Math.Sin(i / 7.0)) + (0.004 * (((i * 7919) % 13) - 6) / 6.0), 5))];

    /// <summary>A deterministic list of sales.</summary>
    public static IReadOnlyList<Sale> Sales(int count)
    {
        string[] customers = ["acme", "globex", "initech", "umbrella", "hooli", "stark"];
        string[] products = ["widget", "gadget", "gizmo", "doohickey"];
        string[] regions = ["north", "south", "east", "west"];
        // A List: arguments travel as JSON and arrive as the declared collection's default (List) type.
        return Enumerable.Range(0, count).Select(i => new Sale(
            customers[i % customers.Length],
            products[(i * 3) % products.Length],
            regions[(i / 3) % regions.Length],
            (i % 12) + 1,
            (i * 5) % 7,
            decimal.Parse((10 + (i % 9)).ToString(CultureInfo.InvariantCulture) + ".5", CultureInfo.InvariantCulture))).ToList();
    }
}
