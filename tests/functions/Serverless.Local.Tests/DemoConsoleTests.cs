using System.Text.RegularExpressions;
using Serverless.Local.Tests.MultiProcess;

namespace Serverless.Local.Tests;

/// <summary>
/// The demo's console output of a real `serverless demo` process whose stdout is a pipe: plain lines with no ANSI
/// escape codes (no colour, no live redraw), whether NO_COLOR is set or the terminal type says colours are there.
/// </summary>
public sealed class DemoConsoleTests
{
    [Theory]
    [InlineData("1", null)]
    [InlineData(null, "xterm-256color")]
    public async Task Demo_RedirectedOutput_HasNoEscapeCodesAndTheSummaryTable(string? noColor, string? term)
    {
        var outDir = Path.Combine(Path.GetTempPath(), "serverless-demo-console-" + Environment.ProcessId + "-" + (noColor ?? term));
        try
        {
            await using var demo = CliProcess.Start(
                "demo",
                ["demo", "--only", "LoanSchedule", "--time-scale", "0.05", "--out", outDir],
                new Dictionary<string, string?> { ["NO_COLOR"] = noColor, ["TERM"] = term, ["COLORTERM"] = term is null ? null : "truecolor" });
            var exit = await demo.WaitForExitAsync(TimeSpan.FromMinutes(3));

            Assert.True(exit == 0, demo.Output);
            Assert.DoesNotContain('\u001b', demo.Output);
            Assert.DoesNotContain('\r', demo.Output);
            Assert.Contains("✓ unit 0 finished on", demo.Output, StringComparison.Ordinal);
            Assert.Matches(new Regex(@"^\s+sample\s+result\s+units\s+regions", RegexOptions.Multiline), demo.Output);
            Assert.Matches(new Regex(@"^\s+LoanSchedule\s+equal\s+\d+\s+\S+\s+\d+ \(\d+\) ms", RegexOptions.Multiline), demo.Output);
        }
        finally
        {
            if (Directory.Exists(outDir))
            {
                Directory.Delete(outDir, recursive: true);
            }
        }
    }
}
