namespace Serverless.Benchmarks.Tests;

/// <summary>Live progress of long benchmark steps: a bar on a terminal, nothing but the lines elsewhere.</summary>
public sealed class BenchmarkProgressTests
{
    [Fact]
    public void For_RedirectedWriterOrNoColor_IsPlainAndWritesStraightThrough()
    {
        var writer = new StringWriter();
        Assert.False(BenchmarkProgress.For(writer, _ => null).IsLive);
        Assert.False(BenchmarkProgress.For(writer, v => v == "NO_COLOR" ? "1" : null).IsLive);
        Assert.Same(writer, BenchmarkProgress.For(writer, _ => null).Out);
    }

    [Fact]
    public async Task Plain_Step_CountsButDrawsNothing()
    {
        var writer = new StringWriter();
        var progress = BenchmarkProgress.Plain(writer);
        await using (var step = progress.Start("items", 3))
        {
            step.Increment();
            step.Increment();
            Assert.Equal(2, step.Done);
            await progress.Out.WriteLineAsync("a line");
        }

        Assert.Equal("a line" + Environment.NewLine, writer.ToString());
    }

    [Fact]
    public async Task Live_LinesWrittenFromManyThreadsDuringAStep_EachAppearsWholeAndTheBarIsDrawn()
    {
        var writer = new StringWriter();
        var progress = BenchmarkProgress.Live(writer);
        Assert.True(progress.IsLive);
        const int threads = 4, perThread = 25;
        await using (var step = progress.Start("executions ended", threads * perThread))
        {
            await Task.WhenAll(Enumerable.Range(0, threads).Select(t => Task.Run(async () =>
            {
                for (var i = 0; i < perThread; i++)
                {
                    await progress.Out.WriteLineAsync($"line {t}-{i} end");
                    step.Increment();
                }
            })));
            Assert.Equal(threads * perThread, step.Done);
        }

        var text = writer.ToString();
        Assert.Contains('\u001b', text);
        Assert.Contains("executions ended", text, StringComparison.Ordinal);
        for (var t = 0; t < threads; t++)
        {
            for (var i = 0; i < perThread; i++)
            {
                Assert.Contains($"line {t}-{i} end", text, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Runner_ToAWriter_PrintsNoEscapeCodes()
    {
        var stdout = new StringWriter();
        var code = await BenchmarkRunner.RunAsync(["planner-cpsat", "--quick"], stdout, new StringWriter(), BenchmarkProgress.For(stdout, _ => null));

        Assert.Equal(0, code);
        Assert.DoesNotContain('\u001b', stdout.ToString());
        Assert.Contains("random DAGs (seed 20261206)", stdout.ToString(), StringComparison.Ordinal);
    }
}
