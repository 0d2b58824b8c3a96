using System.Globalization;
using Serverless.Local.Demo;

namespace Serverless.Local.Commands;

/// <summary>
/// `serverless demo [--out &lt;dir&gt;] [--storage &lt;connection string&gt;|azurite] [--quiet] [--only &lt;name&gt;,…]
/// [--time-scale &lt;x&gt;]`: runs every sample split across three simulated regions and unsplit, explains the plans,
/// writes pictures, and compares. Exit 0 when every split result equals the direct call, 1 when one does not (a
/// bug), 2 for bad arguments.
/// </summary>
public sealed class DemoCommand : ICliCommand
{
    public string Name => "demo";

    public string Summary => "run the samples split across three simulated regions, explain the plans, draw them";

    public string Usage => "serverless demo [--out <dir>] [--storage <connection string>|azurite] [--quiet] [--only <sample>[,<sample>…]] [--time-scale <x>] [--trace console|otlp|none] [--output text|json]";

    public async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var options = new DemoOptions();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--out":
                    options = options with { OutputDirectory = Value(args, ref i, "the directory for the pictures, e.g. --out demo-output") };
                    break;
                case "--storage":
                    options = options with { Storage = StorageOption.Parse(i + 1 < args.Length ? args[++i] : null) };
                    break;
                case OutputFormat.Option:
                    options = options with { Json = Value(args, ref i, "text or json") == "json" };
                    break;
                case "--quiet":
                    options = options with { Quiet = true };
                    break;
                case "--only":
                    options = options with { Only = [.. Value(args, ref i, "sample names, e.g. --only RiskAnalysis,SalesReport").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)] };
                    break;
                case "--time-scale":
                    var text = Value(args, ref i, "a positive number, e.g. --time-scale 0.5");
                    if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var scale) || !(scale > 0) || scale > 100)
                    {
                        throw new UsageException($"--time-scale must be a number between 0 and 100 (real ms per simulated ms), got '{text}'");
                    }

                    options = options with { TimeScale = scale };
                    break;
                default:
                    throw new UsageException($"unknown option '{args[i]}'");
            }
        }

        return await new DemoSession(options, stdout, stderr).RunAsync().ConfigureAwait(false);
    }

    private static string Value(string[] args, ref int i, string what)
    {
        if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
        {
            throw new UsageException($"{args[i]} needs a value: {what}");
        }

        return args[++i];
    }
}
