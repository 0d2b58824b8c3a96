using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Serverless.Local.Tests;

/// <summary>
/// `serverless submit|status|list|terminate --url` against a real `serve` (Kestrel on a free loopback port, the real
/// embedded engine), through the CLI's own entry point: results equal the direct call, paging follows every page,
/// terminate ends a running execution, and refusals print the server's problem and exit 2.
/// </summary>
public sealed class RemoteCommandsTests : IAsyncLifetime
{
    private const string Loan = "Serverless.Samples.LoanSchedule.Amortize";
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
    }

    private static Task<(int Code, string Out, string Err)> RunAsync(params string[] args) => AnalyzeCliHarness.RunAsync(args);

    [Fact]
    public async Task SubmitWait_PrintsTheEndedExecution_WithTheDirectCallsResult()
    {
        var (code, stdout, stderr) = await RunAsync("submit", "--url", Url, "--function", Loan, "--args", """{"principal":25000,"annualRatePercent":4.5,"months":36}""", "--wait");
        Assert.True(code == ExitCodes.Ok, stderr);
        var state = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal("Completed", state.GetProperty("runtimeStatus").GetString());
        var direct = Serverless.Samples.LoanSchedule.Amortize(25000m, 4.5m, 36);
        Assert.Equal(direct.MonthlyPayment, state.GetProperty("result").GetProperty("monthlyPayment").GetDecimal());
        Assert.Equal(direct.TotalInterest, state.GetProperty("result").GetProperty("totalInterest").GetDecimal());
    }

    [Fact]
    public async Task SubmitWithId_ThenStatusWait_AndListFollowsEveryPage()
    {
        foreach (var id in new[] { "remote-a", "remote-b", "remote-c" })
        {
            var (code, stdout, stderr) = await RunAsync("submit", $"--url={Url}", $"--function={Loan}", "--args={\"principal\":1000,\"annualRatePercent\":3,\"months\":12}", $"--id={id}");
            Assert.True(code == ExitCodes.Ok, stderr);
            var payload = JsonDocument.Parse(stdout).RootElement;
            Assert.Equal(id, payload.GetProperty("id").GetString());
            Assert.EndsWith($"/api/execution/{id}", payload.GetProperty("statusQueryGetUri").GetString(), StringComparison.Ordinal);
            Assert.Equal(ExitCodes.Ok, (await RunAsync("status", "--url", Url, "--id", id, "--wait")).Code);
        }

        var (one, page, _) = await RunAsync("list", "--url", Url + "/api", "--top", "1");
        Assert.Equal(ExitCodes.Ok, one);
        Assert.Single(JsonDocument.Parse(page).RootElement.EnumerateArray());
        var (all, every, _) = await RunAsync("list", "--url", Url, "--top", "1", "--all", "--function", Loan, "--status", "Completed");
        Assert.Equal(ExitCodes.Ok, all);
        var ids = JsonDocument.Parse(every).RootElement.EnumerateArray().Select(e => e.GetProperty("id").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "remote-a", "remote-b", "remote-c" }, ids);
    }

    [Fact]
    public async Task Terminate_EndsARunningExecution_AndStatusWaitThenExits3()
    {
        var (code, stdout, stderr) = await RunAsync(
            "submit", "--url", Url, "--function", "Serverless.Samples.RiskAnalysis.Assess",
            "--args", """{"returns":[0.01,-0.02,0.015],"confidence":0.95,"simulations":400000000}""");
        Assert.True(code == ExitCodes.Ok, stderr);
        var id = JsonDocument.Parse(stdout).RootElement.GetProperty("id").GetString()!;
        var (terminated, answer, error) = await RunAsync("terminate", "--url", Url, "--id", id, "--reason", "not needed");
        Assert.True(terminated == ExitCodes.Ok, error);
        Assert.Equal(id, JsonDocument.Parse(answer).RootElement.GetProperty("id").GetString());
        var (waited, final, _) = await RunAsync("status", "--url", Url, "--id", id, "--wait");
        Assert.Equal(ExitCodes.FunctionFailed, waited);
        Assert.Equal("Terminated", JsonDocument.Parse(final).RootElement.GetProperty("runtimeStatus").GetString());
        var (again, _, gone) = await RunAsync("terminate", "--url", Url, "--id", id);
        Assert.Equal(ExitCodes.Usage, again);
        Assert.Contains("410", gone, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("status --id no-such-execution", "404")]
    [InlineData("status --id no-such-execution", "No execution has id")]
    [InlineData("submit --function No.Such.Function", "404")]
    [InlineData("submit --function Serverless.Samples.LoanSchedule.Amortize --args [1]", "--args must be a JSON object")]
    [InlineData("submit --fucntion X", "did you mean '--function'?")]
    [InlineData("status", "--id is required")]
    [InlineData("list --top 0", "top must be a whole number")]
    public async Task Refusals_NameWhatWasWrong_AndExit2(string line, string expected)
    {
        var (code, stdout, stderr) = await RunAsync([.. line.Split(' ').Take(1), "--url", Url, .. line.Split(' ').Skip(1)]);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, stdout);
    }

    [Fact]
    public async Task UnreachableApi_SaysSoAndExits2()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // nothing listens there now
        var (code, _, stderr) = await RunAsync("status", "--url", $"http://127.0.0.1:{port}", "--id", "x");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("cannot reach", stderr, StringComparison.Ordinal);
        var (bad, _, usage) = await RunAsync("list", "--url", "ftp://example");
        Assert.Equal(ExitCodes.Usage, bad);
        Assert.Contains("is not an http or https address", usage, StringComparison.Ordinal);
    }
}
