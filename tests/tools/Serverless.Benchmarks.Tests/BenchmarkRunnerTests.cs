namespace Serverless.Benchmarks.Tests;

public sealed class BenchmarkRunnerTests
{
    [Fact]
    public async Task AnalyzeQuick_PrintsRatio()
    {
        var (code, stdout, _) = await RunAsync("analyze", "--quick");
        Assert.Equal(0, code);
        Assert.Matches("ratio analysis/diagnostics: \\d+\\.\\d\\d", stdout);
        Assert.Contains("2000 statements, 2000 segments", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanQuick_PrintsRatiosForSmallAndLargeInstances()
    {
        var stdout = new StringWriter();
        await new PlanBenchmark().RunAsync(new BenchmarkContext(stdout, Quick: true));
        var text = stdout.ToString();

        Assert.Matches(@"objective heuristic/exact: mean 1\.\d+\s+worst \d\.\d+", text);
        Assert.Contains("heuristic/exact", text, StringComparison.Ordinal);
        Assert.Matches(@"\s+1000\s+\d+\s+heuristic", text);
    }

    [Theory]
    [InlineData("nosuch")]
    [InlineData("--fast")]
    public async Task UnknownNameOrOption_ExitsWithUsageNamingIt(string arg)
    {
        var (code, stdout, stderr) = await RunAsync("plan", arg);
        Assert.Equal(2, code);
        Assert.Contains($"'{arg}'", stderr, StringComparison.Ordinal);
        Assert.Contains("usage:", stderr, StringComparison.Ordinal);
        Assert.Empty(stdout);
    }

    [Theory]
    [InlineData("--executions", "0")]
    [InlineData("--executions", "many")]
    [InlineData("--clients", "-3")]
    public async Task Load_BadCount_ExitsWithUsageNamingTheOptionBeforeStartingAnything(string option, string value)
    {
        var (code, stdout, stderr) = await RunAsync("load", option, value);
        Assert.Equal(2, code);
        Assert.Contains($"{option} needs a positive number after it (got '{value}')", stderr, StringComparison.Ordinal);
        Assert.Contains("load", stderr, StringComparison.Ordinal);
        Assert.Empty(stdout);
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await BenchmarkRunner.RunAsync(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
