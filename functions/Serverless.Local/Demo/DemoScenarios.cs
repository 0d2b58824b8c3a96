using System.Globalization;
using System.Text;

namespace Serverless.Local.Demo;

/// <summary>
/// The samples the demo runs, with arguments and simulated work. The work makes the trade-offs visible: the heavy
/// statements (blur and edge detection, the Monte Carlo run, the grouping passes of the report) cost hundreds of
/// reference milliseconds, so running independent ones in parallel or in the fast region can pay for the network.
/// </summary>
internal static class DemoScenarios
{
    public static IReadOnlyList<DemoScenario> All { get; } =
    [
        new(
            "Serverless.Samples.ImagePipeline.Process",
            "image pipeline: blur, then edges, mask, histogram and thumbnail in parallel",
            """{"width":48,"height":32,"seed":7,"threshold":120}""",
            new Dictionary<int, double> { [1] = 120, [2] = 350, [3] = 600, [4] = 150, [5] = 120, [6] = 180, [7] = 90, [8] = 10 }),
        new(
            "Serverless.Samples.RiskAnalysis.Assess",
            "fan-out and join: independent risk statistics of one return series",
            "{\"returns\":" + Returns(120) + ",\"confidence\":0.95,\"simulations\":5000}",
            new Dictionary<int, double> { [1] = 30, [2] = 60, [3] = 450, [4] = 300, [5] = 10, [6] = 900, [7] = 10 }),
        new(
            "Serverless.Samples.LoanSchedule.Amortize",
            "a loop with accumulators, pinned to westeurope by a strict [GeoPreference]",
            """{"principal":250000,"annualRatePercent":4.5,"months":120}""",
            new Dictionary<int, double> { [6] = 400 }),
        new(
            "Serverless.Samples.OrderValidation.Validate",
            "early returns: rejected as soon as a check fails, otherwise priced",
            """{"order":{"lines":[{"sku":"A-1","quantity":3,"unitPrice":19.99},{"sku":"B-7","quantity":8,"unitPrice":4.5}],"coupon":"BULK"},"stockOnHand":40}""",
            new Dictionary<int, double> { [1] = 40, [3] = 60, [4] = 30 }),
        new(
            "Serverless.Samples.SalesReport.Build",
            "a LINQ-heavy report: independent groupings joined at the end",
            "{\"sales\":" + Sales(200) + ",\"top\":3}",
            new Dictionary<int, double> { [0] = 120, [1] = 300, [2] = 350, [3] = 400, [4] = 250, [5] = 20, [6] = 30 }),
        new(
            "Serverless.Samples.DocumentPipeline.Summarize",
            "a document pipeline: normalise, split, count, pick keywords",
            """{"title":"  Serverless Splitter  ","text":"Split functions run anywhere. Functions split into segments; segments run in regions. Regions bid for segments, and the cheapest region wins the work!","keywordCount":4}""",
            new Dictionary<int, double> { [0] = 80, [1] = 120, [2] = 250, [3] = 200, [4] = 150 }),
        new(
            "Serverless.Samples.InventorySync.SyncAsync",
            "async I/O: awaits on warehouse calls, reconcile, publish",
            """{"warehouses":["oslo","dublin","lisbon"],"sku":"SKU-42"}""",
            new Dictionary<int, double> { [1] = 200, [2] = 150, [5] = 120 }),
        new(
            "Serverless.Samples.EnergyReport.Compare",
            "data gravity: meter readings live in northeurope and eastus ([DataSource]); each is reduced where it lives",
            """{"day":12,"meters":500}""",
            new Dictionary<int, double> { [0] = 80, [1] = 250, [2] = 80, [3] = 250, [4] = 5, [5] = 5 }),
    ];

    /// <summary>A deterministic series of daily returns (a slow sine plus a fixed pseudo-random wiggle).</summary>
    private static string Returns(int count)
    {
        var sb = new StringBuilder("[");
        for (var i = 0; i < count; i++)
        {
            var r = (0.01 * Math.Sin(i / 7.0)) + (0.004 * (((i * 7919) % 13) - 6) / 6.0);
            sb.Append(i == 0 ? string.Empty : ",").Append(Math.Round(r, 5).ToString(CultureInfo.InvariantCulture));
        }

        return sb.Append(']').ToString();
    }

    private static string Sales(int count)
    {
        string[] customers = ["acme", "globex", "initech", "umbrella", "hooli", "stark"];
        string[] products = ["widget", "gadget", "gizmo", "doohickey"];
        string[] regions = ["north", "south", "east", "west"];
        var sb = new StringBuilder("[");
        for (var i = 0; i < count; i++)
        {
            sb.Append(i == 0 ? string.Empty : ",")
              .Append(CultureInfo.InvariantCulture, $"{{\"customer\":\"{customers[i % customers.Length]}\",\"product\":\"{products[(i * 3) % products.Length]}\",")
              .Append(CultureInfo.InvariantCulture, $"\"region\":\"{regions[(i / 3) % regions.Length]}\",\"month\":{(i % 12) + 1},\"quantity\":{(i * 5) % 7},\"unitPrice\":{(10 + (i % 9)).ToString(CultureInfo.InvariantCulture)}.5}}");
        }

        return sb.Append(']').ToString();
    }
}
