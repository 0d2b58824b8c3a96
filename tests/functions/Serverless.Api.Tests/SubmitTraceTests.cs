using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Serverless.Local.Commands;
using Serverless.Orchestrations.Observability;

namespace Serverless.Api.Tests;

/// <summary>
/// <c>POST /api/execution/submit</c> on `serverless serve`'s real application: the handler plans under a <c>plan</c>
/// span and the execution it starts (embedded engine, regional workers) continues that span's trace.
/// </summary>
public sealed class SubmitTraceTests : IAsyncLifetime
{
    private const string Loan = "Serverless.Samples.LoanSchedule.Amortize";
    private readonly List<Activity> _spans = [];
    private ActivityListener _listener = null!;
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == SplitterTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                lock (_spans)
                {
                    _spans.Add(a);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
        _app = ServeCommand.CreateApp(new ServeSettings(), configureHost: web => web.UseTestServer());
        await _app.StartAsync();
        _client = _app.GetTestClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
        _listener.Dispose();
    }

    [Fact]
    public async Task Submit_SampleFunction_PlanSpanParentsTheExecutionsSpans()
    {
        var submit = await _client.PostAsync("/api/execution/submit", ApiHost.Json($$$"""{"function":"{{{Loan}}}","arguments":{"principal":9000,"annualRatePercent":4,"months":6}}"""));
        Assert.Equal(HttpStatusCode.Accepted, submit.StatusCode);
        var accepted = await ApiHost.ReadJsonAsync(submit);
        var id = accepted.GetProperty("id").GetString()!;
        var state = await WaitAsync(accepted.GetProperty("statusQueryGetUri").GetString()!);
        Assert.Equal("completed", state.GetProperty("status").GetString());
        var unitCount = state.GetProperty("units").GetArrayLength();

        var spans = await SpansAsync(id, s => s.Count(a => a.OperationName == "complete") >= unitCount);

        var plan = Assert.Single(spans, s => s.OperationName == "plan");
        Assert.Equal(Loan, plan.GetTagItem("splitter.function"));
        Assert.Equal(unitCount, plan.GetTagItem("splitter.units"));
        Assert.All(spans, s => Assert.Equal(plan.TraceId, s.TraceId));
        Assert.Contains(spans, s => s.OperationName == "auction" && s.ParentSpanId == plan.SpanId);
        var dispatches = spans.Where(s => s.OperationName == "dispatch").ToList();
        Assert.NotEmpty(dispatches);
        Assert.All(dispatches, d => Assert.Equal(plan.SpanId, d.ParentSpanId));
        var units = spans.Where(s => s.OperationName == "unit").ToList();
        Assert.Equal(unitCount, units.Count);
        Assert.All(units, u => Assert.Contains(dispatches, d => d.SpanId == u.ParentSpanId));
        Assert.All(spans.Where(s => s.OperationName == "complete"), c => Assert.Contains(units, u => u.SpanId == c.ParentSpanId));
    }

    private async Task<List<Activity>> SpansAsync(string executionId, Func<List<Activity>, bool> complete)
    {
        var started = Environment.TickCount64;
        while (true)
        {
            List<Activity> spans;
            lock (_spans)
            {
                spans = [.. _spans.Where(s => (s.GetTagItem("splitter.execution") as string) == executionId)];
            }

            if (complete(spans) || Environment.TickCount64 - started > 10_000)
            {
                return spans;
            }

            await Task.Delay(50);
        }
    }

    private async Task<JsonElement> WaitAsync(string uri)
    {
        var started = Environment.TickCount64;
        while (true)
        {
            var state = await _client.GetFromJsonElementAsync(uri);
            if (state.GetProperty("status").GetString() is "completed" or "failed" or "canceled")
            {
                return state;
            }

            Assert.True(Environment.TickCount64 - started < 60_000, "the execution did not end within 60 s: " + state.GetRawText());
            await Task.Delay(100);
        }
    }
}
