using System.Globalization;

namespace Serverless.BuildBenchmark;

/// <summary>Command-line options of the build benchmark.</summary>
internal sealed record BenchmarkOptions(int Runs, int Splitable, int Plain, string? Directory, bool Keep, bool ReportAnalyzers, string? Error)
{
    public const string Usage = "usage: dotnet run -c Release --project tools/Serverless.BuildBenchmark -- [--runs 3] [--splitable 50] [--plain 50] [--dir PATH] [--keep] [--report-analyzers]";

    public static BenchmarkOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchmarkOptions(3, 50, 50, null, false, false, null);
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name is "--keep" or "--report-analyzers")
            {
                options = name == "--keep" ? options with { Keep = true } : options with { ReportAnalyzers = true };
                continue;
            }

            if (i + 1 >= args.Count)
            {
                return options with { Error = $"Option '{name}' needs a value." };
            }

            var value = args[++i];
            switch (name)
            {
                case "--runs" or "--splitable" or "--plain":
                    if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) || n < (name == "--runs" ? 1 : 0) || n > 1000)
                    {
                        return options with { Error = $"Option '{name}' takes a whole number from {(name == "--runs" ? 1 : 0)} to 1000, not '{value}'." };
                    }

                    options = name switch
                    {
                        "--runs" => options with { Runs = n },
                        "--splitable" => options with { Splitable = n },
                        _ => options with { Plain = n },
                    };
                    break;
                case "--dir":
                    options = options with { Directory = Path.GetFullPath(value) };
                    break;
                default:
                    return options with { Error = $"Unknown option '{name}'." };
            }
        }

        return options;
    }
}
