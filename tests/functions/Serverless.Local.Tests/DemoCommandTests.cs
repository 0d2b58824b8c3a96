using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Serverless.Local.Tests;

/// <summary>Runs `serverless demo` in-process (the in-process engine gets its processor count from engine.runsettings).</summary>
public sealed class DemoCommandTests : IClassFixture<DemoCommandTests.DemoRun>
{
    private static readonly string[] Samples =
        ["ImagePipeline", "RiskAnalysis", "LoanSchedule", "OrderValidation", "SalesReport", "DocumentPipeline", "InventorySync", "EnergyReport"];

    private readonly DemoRun _run;

    public DemoCommandTests(DemoRun run) => _run = run;

    [Fact]
    public void Demo_AllSamples_ExitsZero()
        => Assert.True(_run.ExitCode == 0, $"exit {_run.ExitCode}\nstdout:\n{_run.Stdout}\nstderr:\n{_run.Stderr}");

    [Fact]
    public void Demo_AllSamples_ListsEverySampleWithEqualSplitAndDirectResults()
    {
        foreach (var sample in Samples)
        {
            var row = SummaryRow(sample);
            Assert.Equal("equal", row.Groups["result"].Value);
            Assert.Contains($"{sample}", _run.Stdout, StringComparison.Ordinal);
        }

        Assert.Contains($"{Samples.Length}/{Samples.Length} samples: the planned run's result equals the direct call", _run.Stdout, StringComparison.Ordinal);
        foreach (var sample in Samples)
        {
            var units = int.Parse(SummaryRow(sample).Groups["units"].Value, System.Globalization.CultureInfo.InvariantCulture);
            Assert.Contains(units == 1 ? "✓ kept whole: the planned run's result equals the direct call" : "✓ split result equals the direct call", Section(sample), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Demo_AllSamples_KeptWholeSamplesSayThatSplittingDoesNotPayAndByHowMuch()
    {
        // The built-in regions hold public figures (one price, one speed): most samples do not pay to split.
        var whole = Samples.Where(s => SummaryRow(s).Groups["units"].Value == "1").ToList();
        Assert.NotEmpty(whole);
        var summary = Regex.Match(_run.Stdout, @"\((?<split>\d+) split, (?<whole>\d+) kept whole where splitting does not pay\)");
        Assert.True(summary.Success, _run.Stdout);
        Assert.Equal(whole.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), summary.Groups["whole"].Value);
        foreach (var sample in whole)
        {
            var section = Section(sample);
            var line = Regex.Match(section, @"kept whole: splitting does not pay here; one unit in (?<region>\S+) \(best split objective (?<split>[0-9.]+) vs whole (?<whole>[0-9.]+)\)");
            Assert.True(line.Success, section);
            var split = double.Parse(line.Groups["split"].Value, System.Globalization.CultureInfo.InvariantCulture);
            var kept = double.Parse(line.Groups["whole"].Value, System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(split >= kept, $"{sample}: kept whole although the best split ({split}) beats the whole ({kept})");
            Assert.Matches(@"best two-unit split\s+\d", section);
            Assert.Contains($"▶ running the plan: kept whole, one unit in {line.Groups["region"].Value}", section, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Demo_AllSamples_WritesWellFormedSvgsContainingEveryUnit()
    {
        foreach (var sample in Samples)
        {
            var units = int.Parse(SummaryRow(sample).Groups["units"].Value, System.Globalization.CultureInfo.InvariantCulture);
            var expected = Enumerable.Range(0, units).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();
            foreach (var file in new[] { ".dag.svg", ".timeline.svg" })
            {
                var path = Path.Combine(_run.OutDir, sample + file);
                var svg = XDocument.Load(path); // throws when not well-formed XML
                Assert.Equal("svg", svg.Root!.Name.LocalName);
                var drawn = svg.Descendants().Select(e => e.Attribute("data-unit")?.Value).Where(v => v is not null).ToHashSet();
                Assert.True(expected.SetEquals(drawn!), $"{path}: units drawn {string.Join(",", drawn)}, expected {string.Join(",", expected)}");
            }

            var unsplit = XDocument.Load(Path.Combine(_run.OutDir, sample + ".unsplit.timeline.svg"));
            Assert.Equal(["0"], unsplit.Descendants().Select(e => e.Attribute("data-unit")?.Value).Where(v => v is not null).Distinct());
        }
    }

    [Fact]
    public void Demo_AllSamples_WritesMermaidWithEveryUnit()
    {
        foreach (var sample in Samples)
        {
            var units = int.Parse(SummaryRow(sample).Groups["units"].Value, System.Globalization.CultureInfo.InvariantCulture);
            var path = Path.Combine(_run.OutDir, sample + ".mmd");
            Assert.True(File.Exists(path), path);
            var text = File.ReadAllText(path);
            Assert.StartsWith("flowchart", text, StringComparison.Ordinal);
            for (var u = 0; u < units; u++)
            {
                Assert.Contains($"u{u}[", text, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Demo_AllSamples_ExplainsPlansShowsBidsWinnersAndUnitProgress()
    {
        Assert.Equal(Samples.Length, Regex.Matches(_run.Stdout, "why: the objective of this plan").Count);
        Assert.Equal(Samples.Length, Regex.Matches(_run.Stdout, @"chosen plan\s+\d").Count);
        Assert.Contains("in-process auction", _run.Stdout, StringComparison.Ordinal);

        // Every unit of every split run started and finished on a worker.
        foreach (var sample in Samples)
        {
            var units = int.Parse(SummaryRow(sample).Groups["units"].Value, System.Globalization.CultureInfo.InvariantCulture);
            var section = Section(sample);
            var winners = Regex.Match(section, "winners: (.*)");
            Assert.True(winners.Success, section);
            for (var u = 0; u < units; u++)
            {
                Assert.Matches(@"unit " + u + @": .*\$.*→ best \S+/\d+", section);
                Assert.Matches(@"unit " + u + @" → \S+/\d+", winners.Groups[1].Value);
                Assert.Contains($"▷ unit {u} starts on", section, StringComparison.Ordinal);
                Assert.Contains($"✓ unit {u} finished on", section, StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [InlineData("--bogus", "unknown option '--bogus'")]
    [InlineData("--time-scale", "--time-scale needs a value")]
    [InlineData("--time-scale x", "--time-scale must be a number")]
    [InlineData("--time-scale -1", "--time-scale must be a number")]
    [InlineData("--only NoSuchSample", "no sample matches --only NoSuchSample")]
    [InlineData("--out", "--out needs a value")]
    public async Task Demo_BadArguments_ExitsTwoNamingTheProblem(string arguments, string message)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await Cli.RunAsync(["demo", .. arguments.Split(' ')], stdout, stderr);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(message, stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_QuietOneSample_PrintsOnlyTheSummary()
    {
        var dir = Path.Combine(Path.GetTempPath(), "serverless-demo-quiet-" + Environment.ProcessId + "-" + Environment.TickCount64);
        try
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var code = await Cli.RunAsync(["demo", "--quiet", "--only", "OrderValidation", "--out", dir, "--time-scale", "0.2"], stdout, stderr);
            Assert.True(code == 0, stderr.ToString());
            var text = stdout.ToString();
            Assert.DoesNotContain("dependency graph", text, StringComparison.Ordinal);
            Assert.DoesNotContain("starts on", text, StringComparison.Ordinal);
            Assert.Matches(@"\n\s+OrderValidation\s+equal", text);
            Assert.Contains("1/1 samples", text, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(dir, "OrderValidation.dag.svg")));
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    [SkippableFact]
    public async Task Demo_StorageAzurite_RunsAgainstRealTablesAndQueuesAndSaysSo()
    {
        Skip.If(Serverless.Development.AzuriteLauncher.FindAzuriteScript() is null, "Azurite is not installed (run npm ci in the repository root); the demo's --storage azurite path was not tested.");
        var dir = Path.Combine(Path.GetTempPath(), "serverless-demo-azurite-" + Environment.ProcessId + "-" + Environment.TickCount64);
        try
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var code = await Cli.RunAsync(["demo", "--storage", "azurite", "--only", "RiskAnalysis", "--out", dir, "--time-scale", "0.25"], stdout, stderr);
            var text = stdout.ToString();
            Assert.True(code == 0, text + stderr);
            Assert.Contains("Storage: Azure Storage on Azurite", text, StringComparison.Ordinal);
            Assert.Contains("orchestrations on DTFx's Azure Storage backend", text, StringComparison.Ordinal);
            Assert.Matches(@"\n\s+RiskAnalysis\s+equal\s+\d+", text);
            Assert.Contains("1/1 samples", text, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    private Match SummaryRow(string sample)
    {
        var match = Regex.Match(_run.Stdout, @"^\s+" + sample + @"\s+(?<result>equal|DIFF)\s+(?<units>\d+)\s", RegexOptions.Multiline);
        Assert.True(match.Success, $"no summary row for {sample} in:\n{_run.Stdout}");
        return match;
    }

    private string Section(string sample)
    {
        var start = _run.Stdout.IndexOf("." + sample + ".", StringComparison.Ordinal);
        Assert.True(start >= 0, sample);
        var end = _run.Stdout.IndexOf("━━", start, StringComparison.Ordinal);
        return end < 0 ? _run.Stdout[start..] : _run.Stdout[start..end];
    }

    /// <summary>One full demo run shared by the tests (time scale 0.25 keeps it short; plans do not depend on it).</summary>
    public sealed class DemoRun : IAsyncLifetime
    {
        public string OutDir { get; } = Path.Combine(Path.GetTempPath(), "serverless-demo-test-" + Environment.ProcessId + "-" + Environment.TickCount64);

        public int ExitCode { get; private set; }

        public string Stdout { get; private set; } = string.Empty;

        public string Stderr { get; private set; } = string.Empty;

        public async Task InitializeAsync()
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            ExitCode = await Cli.RunAsync(["demo", "--out", OutDir, "--time-scale", "0.25"], stdout, stderr);
            Stdout = stdout.ToString();
            Stderr = stderr.ToString();
        }

        public Task DisposeAsync()
        {
            if (Directory.Exists(OutDir))
            {
                Directory.Delete(OutDir, recursive: true);
            }

            return Task.CompletedTask;
        }
    }
}
