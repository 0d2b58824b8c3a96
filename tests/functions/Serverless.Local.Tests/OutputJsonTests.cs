using System.Text.Json;

namespace Serverless.Local.Tests;

/// <summary>
/// `--output json` on every command that prints a report: stdout is one JSON object that System.Text.Json parses,
/// with the members each command promises; a bad value is a usage error naming the option. status and list run
/// against a real `serve`.
/// </summary>
public sealed class OutputJsonTests : IAsyncLifetime
{
    private const string Loan = "Serverless.Samples.LoanSchedule.Amortize";
    private const string LoanArgs = """{"principal":25000,"annualRatePercent":4.5,"months":12}""";
    private readonly string _dir = Directory.CreateTempSubdirectory("output-json-").FullName;
    private LoopbackServe? _serve;

    private string Url => _serve!.Url;

    public async Task InitializeAsync()
    {
        _serve = await LoopbackServe.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_serve is not null)
        {
            await _serve.DisposeAsync();
        }

        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Analyze_OutputJson_OneObjectWithTheFunctions()
    {
        var file = Path.Combine(_dir, "Demo.cs");
        await File.WriteAllTextAsync(file, """
            using Serverless.Annotations;
            namespace Demo;
            public static class Maths
            {
                [Splitable]
                public static int Twice(int x)
                {
                    var y = x + x;
                    return y;
                }
            }
            """);
        using var json = await JsonAsync("analyze", file, "--output", "json");
        Assert.Equal("Demo.Maths.Twice", json.RootElement.GetProperty("functions")[0].GetProperty("function").GetString());
    }

    [Fact]
    public async Task Plan_OutputJson_OneObjectWithTheUnitsAndCost()
    {
        var file = Path.Combine(_dir, "request.json");
        await File.WriteAllTextAsync(file, PlanCommandTests.ExampleRequest);
        using var json = await JsonAsync("plan", file, "--output=json");
        Assert.True(json.RootElement.GetProperty("units").GetArrayLength() >= 1);
        Assert.True(json.RootElement.GetProperty("makespanMs").GetDouble() > 0);
    }

    [Fact]
    public async Task Run_OutputJson_OneObjectWithTheResult()
    {
        using var json = await JsonAsync("run", Loan, "--args", LoanArgs, "--direct", "--output", "json");
        Assert.Equal("direct", json.RootElement.GetProperty("mode").GetString());
        Assert.True(json.RootElement.GetProperty("result").GetProperty("monthlyPayment").GetDouble() > 0);
    }

    [Fact]
    public async Task Demo_OutputJson_OneObjectWithEverySampleUnitAndPlannedAndMeasuredFigures()
    {
        var outDir = Path.Combine(_dir, "demo");
        var (code, stdout, stderr) = await RunAsync("demo", "--only", "LoanSchedule,RiskAnalysis", "--time-scale", "0.05", "--out", outDir, "--output", "json");
        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var samples = json.RootElement.GetProperty("samples").EnumerateArray().ToList();
        Assert.Equal(2, samples.Count);
        foreach (var sample in samples)
        {
            Assert.StartsWith("Serverless.Samples.", sample.GetProperty("function").GetString(), StringComparison.Ordinal);
            Assert.True(sample.GetProperty("resultEqual").GetBoolean());
            var units = sample.GetProperty("units").EnumerateArray().ToList();
            Assert.NotEmpty(units);
            Assert.Equal(Enumerable.Range(0, units.Count), units.Select(u => u.GetProperty("id").GetInt32()));
            Assert.All(units, u =>
            {
                Assert.False(string.IsNullOrEmpty(u.GetProperty("plannedRegion").GetString()));
                Assert.StartsWith(u.GetProperty("region").GetString() + "/", u.GetProperty("instance").GetString(), StringComparison.Ordinal);
            });
            foreach (var run in new[] { sample.GetProperty("split"), sample.GetProperty("unsplit") })
            {
                Assert.True(run.GetProperty("planned").GetProperty("makespanMs").GetDouble() > 0);
                Assert.True(run.GetProperty("planned").GetProperty("cost").GetDouble() > 0);
                Assert.True(run.GetProperty("planned").GetProperty("objective").GetDouble() > 0);
                Assert.True(run.GetProperty("measured").GetProperty("makespanMs").GetDouble() > 0);
                Assert.True(run.GetProperty("measured").GetProperty("cost").GetDouble() > 0);
                // The measured objective is at least the measured cost (latency and penalty terms are not negative).
                Assert.True(run.GetProperty("measured").GetProperty("objective").GetDouble() >= run.GetProperty("measured").GetProperty("cost").GetDouble());
            }

            Assert.False(string.IsNullOrEmpty(sample.GetProperty("unsplit").GetProperty("region").GetString()));
            Assert.Equal(JsonValueKind.Array, sample.GetProperty("replans").ValueKind);

            // A plan kept whole in the best single region is the unsplit run: one run, reported as both.
            var keptWhole = units.Count == 1 && units[0].GetProperty("plannedRegion").GetString() == sample.GetProperty("unsplit").GetProperty("region").GetString();
            Assert.Equal(keptWhole, sample.GetProperty("split").GetProperty("measured").GetRawText() == sample.GetProperty("unsplit").GetProperty("measured").GetRawText());

            // The plan decides the region: a unit runs in its planned region unless a replan moved it there.
            var replans = sample.GetProperty("replans").EnumerateArray().ToList();
            Assert.All(units.Where(u => u.GetProperty("region").GetString() != u.GetProperty("plannedRegion").GetString()), u =>
                Assert.Contains(replans, r => r.GetProperty("unitId").GetInt32() == u.GetProperty("id").GetInt32()
                    && r.GetProperty("fromRegion").GetString() == u.GetProperty("plannedRegion").GetString()
                    && r.GetProperty("toRegion").GetString() == u.GetProperty("region").GetString()));
            Assert.All(replans, r => Assert.Contains(r.GetProperty("reason").GetString(), new[] { "declined", "startDelay" }));
        }

        // The text report moved to stderr.
        Assert.Contains("samples: the planned run's result equals the direct call", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatusAndList_OutputJson_OneObjectEach()
    {
        var (code, submitted, stderr) = await RunAsync("submit", "--url", Url, "--function", Loan, "--args", LoanArgs, "--wait");
        Assert.True(code == 0, stderr);
        var id = JsonDocument.Parse(submitted).RootElement.GetProperty("id").GetString()!;

        using var status = await JsonAsync("status", "--url", Url, "--id", id, "--output", "json");
        Assert.Equal("Completed", status.RootElement.GetProperty("runtimeStatus").GetString());

        using var list = await JsonAsync("list", "--url", Url, "--all", "--output=json");
        Assert.Contains(list.RootElement.GetProperty("executions").EnumerateArray(), e => e.GetProperty("id").GetString() == id);

        // Text stays the API's answer as it is: the list is an array.
        var (_, text, _) = await RunAsync("list", "--url", Url, "--all");
        Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(text).RootElement.ValueKind);
    }

    [Theory]
    [InlineData("plan x.json --output yaml", "serverless plan: --output must be text or json (got 'yaml')")]
    [InlineData("demo --output", "serverless demo: --output needs a value: text or json")]
    [InlineData("run X --output json --output text", "serverless run: --output may be given once")]
    [InlineData("worker --output json", "serverless worker: unknown option '--output'")]
    public async Task Output_BadUse_Exits2NamingTheOption(string line, string message)
    {
        var (code, stdout, stderr) = await RunAsync(line.Split(' '));
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, stdout);
    }

    private static async Task<JsonDocument> JsonAsync(params string[] args)
    {
        var (code, stdout, stderr) = await RunAsync(args);
        Assert.True(code == 0, $"exit {code}: {stderr}");
        var json = JsonDocument.Parse(stdout);
        Assert.Equal(JsonValueKind.Object, json.RootElement.ValueKind);
        return json;
    }

    private static Task<(int Code, string Out, string Err)> RunAsync(params string[] args) => AnalyzeCliHarness.RunAsync(args);
}
