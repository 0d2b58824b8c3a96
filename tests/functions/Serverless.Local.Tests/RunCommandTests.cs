using System.Text.Json;

namespace Serverless.Local.Tests;

public sealed class RunCommandTests
{
    private static async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await Cli.RunAsync(["run", .. args], stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private const string Loan = "Serverless.Samples.LoanSchedule.Amortize";

    [Theory]
    [InlineData("every")]
    [InlineData("one")]
    [InlineData("plan")]
    public async Task Run_LoanEachUnitsModeLocal_SameResultAsDirect(string units)
    {
        const string args = """{"principal":25000,"annualRatePercent":4.5,"months":24}""";
        var direct = await RunAsync(Loan, "--args", args, "--direct");
        var split = await RunAsync(Loan, "--args", args, "--units", units, "--local");

        Assert.Equal(0, direct.Exit);
        Assert.Equal(0, split.Exit);
        using var d = JsonDocument.Parse(direct.Out);
        using var s = JsonDocument.Parse(split.Out);
        Assert.Equal("direct", d.RootElement.GetProperty("mode").GetString());
        Assert.Equal("split", s.RootElement.GetProperty("mode").GetString());
        Assert.Equal(Loan, s.RootElement.GetProperty("function").GetString());
        Assert.Equal(d.RootElement.GetProperty("result").GetRawText(), s.RootElement.GetProperty("result").GetRawText());
        var segments = s.RootElement.GetProperty("units").EnumerateArray().SelectMany(u => u.GetProperty("segments").EnumerateArray().Select(x => x.GetInt32())).Order().ToList();
        Assert.Equal(Enumerable.Range(0, segments.Count), segments);
        var unitCount = s.RootElement.GetProperty("units").GetArrayLength();
        if (units == "every")
        {
            Assert.Equal(segments.Count, unitCount);
        }
        else if (units == "one")
        {
            Assert.Equal(1, unitCount);
        }
    }

    [Fact]
    public async Task Run_FunctionThrows_Exit3WithExceptionTypeAndMessage()
    {
        var (exit, output, _) = await RunAsync(Loan, "--args", """{"principal":1000,"annualRatePercent":5,"months":0}""", "--units", "every");

        Assert.Equal(3, exit);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal("System.ArgumentOutOfRangeException", doc.RootElement.GetProperty("error").GetProperty("type").GetString());
        Assert.Contains("at least one month", doc.RootElement.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.False(doc.RootElement.TryGetProperty("result", out _));
    }

    [Fact]
    public async Task Run_DirectThrows_Exit3SameErrorAsSplit()
    {
        const string args = """{"order":{"lines":[{"sku":"a","quantity":1,"unitPrice":5}],"coupon":"BOGUS"},"stockOnHand":5}""";
        var direct = await RunAsync("Serverless.Samples.OrderValidation.Validate", "--args", args, "--direct");
        var split = await RunAsync("Serverless.Samples.OrderValidation.Validate", "--args", args, "--units", "every");

        Assert.Equal(3, direct.Exit);
        Assert.Equal(3, split.Exit);
        using var d = JsonDocument.Parse(direct.Out);
        using var s = JsonDocument.Parse(split.Out);
        Assert.Equal(d.RootElement.GetProperty("error").GetRawText(), s.RootElement.GetProperty("error").GetRawText());
    }

    [Theory]
    [InlineData("Nope.Type.Method", """{}""", "No [Splitable] function 'Nope.Type.Method'")]
    [InlineData(Loan, """{"principal":1}""", "Missing argument 'annualRatePercent'")]
    [InlineData(Loan, """{"principal":1,"annualRatePercent":1,"months":1,"extra":2}""", "has no parameter 'extra'")]
    [InlineData(Loan, """{"principal":"lots","annualRatePercent":1,"months":1}""", "Argument 'principal' does not convert")]
    [InlineData(Loan, """[1,2]""", "must be a JSON object")]
    [InlineData(Loan, """{not json""", "not valid JSON")]
    public async Task Run_BadFunctionOrArguments_Exit2WithMessage(string function, string args, string expected)
    {
        var (exit, output, error) = await RunAsync(function, "--args", args);

        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, output);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--units", "some")]
    [InlineData("--bogus")]
    [InlineData("--args")]
    public async Task Run_BadOptions_Exit2(params string[] args)
    {
        var (exit, _, error) = await RunAsync([Loan, .. args]);
        Assert.Equal(2, exit);
        Assert.Contains("usage:", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_DirectWithUnits_Exit2() => Assert.Equal(2, (await RunAsync(Loan, "--direct", "--units", "one")).Exit);

    [Fact]
    public async Task Run_NoFunction_Exit2() => Assert.Equal(2, (await RunAsync("--args", "{}")).Exit);

    [Fact]
    public async Task Run_SourceFileNotPartial_SplitsAndEqualsDirect()
    {
        var path = Path.Combine(Path.GetTempPath(), $"run-source-{Environment.ProcessId}-{Guid.NewGuid():N}.cs");
        await File.WriteAllTextAsync(path, """
            using Serverless.Annotations;

            namespace Demo;

            public static class Pricing
            {
                [Splitable]
                public static async Task<decimal> Quote(int quantity, decimal unitPrice)
                {
                    var gross = quantity * unitPrice;
                    await Task.Yield();
                    var discount = quantity >= 10 ? gross * 0.1m : 0m;
                    if (gross - discount > 1000m)
                    {
                        return 1000m;
                    }

                    var tax = Math.Round((gross - discount) * 0.2m, 2);
                    return gross - discount + tax;
                }
            }
            """);
        try
        {
            foreach (var (q, p) in new[] { (1, 5m), (12, 10m), (500, 3m) })
            {
                var args = $$"""{"quantity":{{q}},"unitPrice":{{p}}}""";
                var direct = await RunAsync("Demo.Pricing.Quote", "--source", path, "--args", args, "--direct");
                var split = await RunAsync("Demo.Pricing.Quote", "--source", path, "--args", args, "--units", "every");
                Assert.Equal(0, split.Exit);
                using var d = JsonDocument.Parse(direct.Out);
                using var s = JsonDocument.Parse(split.Out);
                var expected = q * p - (q >= 10 ? q * p * 0.1m : 0m);
                expected = expected > 1000m ? 1000m : expected + Math.Round(expected * 0.2m, 2);
                Assert.Equal(expected, s.RootElement.GetProperty("result").GetDecimal());
                Assert.Equal(d.RootElement.GetProperty("result").GetRawText(), s.RootElement.GetProperty("result").GetRawText());
                Assert.Equal(6, s.RootElement.GetProperty("units").GetArrayLength());
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Run_BigIntegerResultAndDefaultParameters_PrintsNumberDirectAndSplit()
    {
        var path = Path.Combine(Path.GetTempPath(), $"run-big-{Environment.ProcessId}-{Guid.NewGuid():N}.cs");
        await File.WriteAllTextAsync(path, """
            using System.Numerics;
            using Serverless.Annotations;

            namespace Demo;

            public static class Big
            {
                [Splitable]
                public static BigInteger Power(int exponent, int radix = 7)
                {
                    var value = BigInteger.Pow(radix, exponent);
                    return value + 1;
                }
            }
            """);
        try
        {
            var expected = (System.Numerics.BigInteger.Pow(7, 40) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            foreach (var mode in new[] { "--direct", "--units" })
            {
                var extra = mode == "--direct" ? new[] { "--direct" } : new[] { "--units", "every" };
                var run = await RunAsync(["Demo.Big.Power", "--source", path, "--args", """{"exponent":40}""", .. extra]);
                Assert.True(run.Exit == 0, run.Out + run.Err);
                using var doc = JsonDocument.Parse(run.Out);
                Assert.Equal(expected, doc.RootElement.GetProperty("result").GetRawText());
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Run_SourceWithSplErrorsUnitsEvery_Exit2NamingTheError()
    {
        var path = Path.Combine(Path.GetTempPath(), $"run-spl-{Environment.ProcessId}-{Guid.NewGuid():N}.cs");
        await File.WriteAllTextAsync(path, """
            using Serverless.Annotations;

            namespace Demo;

            public static class Lazy
            {
                [Splitable]
                public static int Sum(int n)
                {
                    Func<int, int> square = x => x * x;
                    var total = 0;
                    for (var i = 0; i < n; i++) { total += square(i); }
                    return total;
                }
            }
            """);
        try
        {
            var every = await RunAsync("Demo.Lazy.Sum", "--source", path, "--args", """{"n":4}""", "--units", "every");
            Assert.Equal(2, every.Exit);
            Assert.Contains("--units every is impossible", every.Err, StringComparison.Ordinal);
            Assert.Contains("SPL", every.Err, StringComparison.Ordinal);

            var one = await RunAsync("Demo.Lazy.Sum", "--source", path, "--args", """{"n":4}""", "--units", "one");
            Assert.Equal(0, one.Exit);
            using var doc = JsonDocument.Parse(one.Out);
            Assert.Equal(14, doc.RootElement.GetProperty("result").GetInt32());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Run_SourceDoesNotCompile_Exit2WithCompilerError()
    {
        var path = Path.Combine(Path.GetTempPath(), $"run-bad-{Environment.ProcessId}-{Guid.NewGuid():N}.cs");
        await File.WriteAllTextAsync(path, "namespace Demo; public static class X { [Serverless.Annotations.Splitable] public static int F() { return undefinedName; } }");
        try
        {
            var (exit, _, error) = await RunAsync("Demo.X.F", "--source", path);
            Assert.Equal(2, exit);
            Assert.Contains("CS0103", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Run_SourceMissingFile_Exit2()
    {
        var (exit, _, error) = await RunAsync("Demo.X.F", "--source", "/nonexistent/file.cs");
        Assert.Equal(2, exit);
        Assert.Contains("cannot read source file", error, StringComparison.Ordinal);
    }
}
