using System.Globalization;

namespace Serverless.Local.Tests.MultiProcess;

/// <summary>
/// SIGINT and SIGTERM sent to the process the user started stop every command with no process left behind: serve
/// re-executes itself (ProcessorCountGuard) and forwards the signal to its child; a worker hands the unit it is in the
/// middle of back to the queue. Checked by pid in /proc.
/// </summary>
[Collection(MultiProcessCollection.Name)]
public sealed class SignalTests(MultiProcessFixture fixture)
{
    /// <summary>Without DOTNET_PROCESSOR_COUNT the CLI re-executes itself with it: a parent and a child process.</summary>
    private static readonly Dictionary<string, string?> Reexecuting = new(StringComparer.Ordinal)
    {
        ["DOTNET_PROCESSOR_COUNT"] = null,
    };

    [SkippableTheory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public async Task Serve_SignalToTheProcessStarted_ParentAndReexecutedChildBothStop(string signal)
    {
        SkipIfInherited(signal);
        var url = "http://127.0.0.1:" + MultiProcessFixture.FreePort().ToString(CultureInfo.InvariantCulture);
        await using var serve = CliProcess.Start("serve", ["serve", "--urls", url], Reexecuting);
        await serve.WaitForLineAsync("listening on");
        var children = CliProcess.ChildrenOf(serve.Id);
        var child = Assert.Single(children);
        Assert.True(CliProcess.IsAlive(child));

        serve.Signal(signal);
        var exit = await serve.WaitForExitAsync();

        Assert.Equal(0, exit);
        Assert.Contains(serve.Lines, l => l.Contains("serverless serve: stopped", StringComparison.Ordinal));
        Assert.False(CliProcess.IsAlive(child), $"the re-executed child {child} is still running after SIG{signal} to its parent");
    }

    [Fact]
    public async Task Serve_ParentKilled_ReexecutedChildStopsOnItsOwn()
    {
        var url = "http://127.0.0.1:" + MultiProcessFixture.FreePort().ToString(CultureInfo.InvariantCulture);
        await using var serve = CliProcess.Start("serve", ["serve", "--urls", url], Reexecuting);
        await serve.WaitForLineAsync("listening on");
        var child = Assert.Single(CliProcess.ChildrenOf(serve.Id));

        serve.Crash();

        // The child notices it was re-parented and stops (a hang guard, not a timing assertion).
        for (var i = 0; i < 600 && CliProcess.IsAlive(child); i++)
        {
            await Task.Delay(100);
        }

        Assert.False(CliProcess.IsAlive(child), $"the re-executed child {child} outlived its parent");
    }

    [SkippableTheory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public async Task Worker_SignalMidUnit_HandsTheUnitBackAndAnotherWorkerFinishesIt(string signal)
    {
        SkipIfInherited(signal);
        var storage = fixture.RequireStorage();
        var hub = MultiProcessFixture.NewTaskHub();
        var gate = GateFunction.Create();
        try
        {
            var url = "http://127.0.0.1:" + MultiProcessFixture.FreePort().ToString(CultureInfo.InvariantCulture);
            await using var serve = CliProcess.Start("serve", ["serve", "--storage", storage, "--task-hub", hub, "--local-workers", "none", "--source", gate.SourcePath, "--urls", url], Reexecuting);
            await serve.WaitForLineAsync("listening on");
            await using var first = CliProcess.Start("worker-1", ["worker", "--region", GateFunction.Region, "--storage", storage, "--task-hub", hub, "--source", gate.SourcePath]);
            await first.WaitForLineAsync("consuming");
            using var http = new HttpClient { BaseAddress = new Uri(url) };
            using var response = await http.PostAsync("/api/execution/submit", GateFunction.Json(gate.SubmitBody(3)));
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            Assert.Equal(first.Id, await gate.WaitStartedAsync(3));

            first.Signal(signal);
            Assert.Equal(0, await first.WaitForExitAsync());
            Assert.Contains(first.Lines, l => l.Contains("serverless worker: handed back ", StringComparison.Ordinal) && l.EndsWith("/1/1", StringComparison.Ordinal));
            Assert.Contains(first.Lines, l => l.Contains("serverless worker: stopped", StringComparison.Ordinal));

            gate.Release();
            await using var second = CliProcess.Start("worker-2", ["worker", "--region", GateFunction.Region, "--storage", storage, "--task-hub", hub, "--source", gate.SourcePath]);
            await second.WaitForLineAsync(l => l.Contains("serverless worker: finished ", StringComparison.Ordinal) && l.EndsWith("/3/1", StringComparison.Ordinal));
            Assert.Contains(second.Lines, l => l.Contains("/1/1 (delivery 2)", StringComparison.Ordinal));

            serve.Signal(signal);
            Assert.Equal(0, await serve.WaitForExitAsync());
            second.Signal(signal);
            Assert.Equal(0, await second.WaitForExitAsync());
            Assert.Empty(CliProcess.ChildrenOf(serve.Id));
        }
        finally
        {
            gate.Delete();
        }
    }

    private static void SkipIfInherited(string signal)
        => Skip.If(
            signal == "INT" && CliProcess.IgnoresSignal(2),
            "SIGINT is ignored by this test process (started in the background of a non-interactive shell); the processes it starts inherit that, as POSIX asks, so they cannot see SIGINT. SIGTERM is tested.");
}
