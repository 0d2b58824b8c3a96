using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Serverless.Local.Tests.MultiProcess;

/// <summary>
/// What the multi-process tests share: starting `serverless serve --storage … --local-workers none` and `serverless
/// worker` processes with <see cref="GateFunction"/>'s source (each added to the test's list, which kills them at the
/// end), submitting the gate, waiting for an execution to end, and the exactly-once check of its units.
/// </summary>
internal static class GateProcesses
{
    /// <summary>Short worker leases, so that a killed worker's message comes back soon (what is tested is that it does).</summary>
    public static readonly IReadOnlyDictionary<string, string?> WorkerEnvironment = new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        ["SERVERLESS_WORKER_LEASE_SECONDS"] = "5",
    };

    /// <summary>
    /// Starts serve in one process (no re-execution: DOTNET_PROCESSOR_COUNT is set, as in the test host, so a SIGKILL is
    /// a crash) on <paramref name="hub"/>, with <paramref name="extra"/> arguments and environment, and waits until it listens.
    /// </summary>
    public static async Task<(CliProcess Serve, HttpClient Http)> StartServeAsync(
        ICollection<CliProcess> processes,
        string storage,
        string hub,
        GateFunction gate,
        string name = "serve",
        IEnumerable<string>? extra = null,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var url = "http://127.0.0.1:" + MultiProcessFixture.FreePort().ToString(CultureInfo.InvariantCulture);
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal) { ["DOTNET_PROCESSOR_COUNT"] = "64" };
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            variables[key] = value;
        }

        var serve = CliProcess.Start(
            name,
            ["serve", "--storage", storage, "--task-hub", hub, "--local-workers", "none", "--source", gate.SourcePath, "--urls", url, .. extra ?? []],
            variables);
        processes.Add(serve);
        await serve.WaitForLineAsync("listening on");
        return (serve, new HttpClient { BaseAddress = new Uri(url) });
    }

    /// <summary>Starts a worker of <see cref="GateFunction.Region"/> with short leases and waits until it consumes.</summary>
    public static async Task<CliProcess> StartWorkerAsync(ICollection<CliProcess> processes, string storage, string hub, GateFunction gate, string name, string concurrency = "16")
    {
        var worker = CliProcess.Start(
            name,
            ["worker", "--region", GateFunction.Region, "--storage", storage, "--task-hub", hub, "--concurrency", concurrency, "--source", gate.SourcePath],
            WorkerEnvironment);
        processes.Add(worker);
        await worker.WaitForLineAsync("consuming");
        return worker;
    }

    public static async Task<string> SubmitAsync(HttpClient http, GateFunction gate, int seed)
    {
        using var response = await http.PostAsync("/api/execution/submit", GateFunction.Json(gate.SubmitBody(seed)));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"submit: {(int)response.StatusCode} {body}");
        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>Polls GET /api/execution/{id} until it ends (a hang guard of 4 minutes, not a timing assertion).</summary>
    public static async Task<JsonElement> WaitFinishedAsync(HttpClient http, string id)
    {
        for (var i = 0; i < 1200; i++)
        {
            using var response = await http.GetAsync($"/api/execution/{id}");
            if (response.IsSuccessStatusCode)
            {
                var state = await response.Content.ReadFromJsonAsync<JsonElement>();
                if (state.GetProperty("status").GetString() is "completed" or "failed" or "terminated")
                {
                    return state;
                }
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"execution {id} did not finish");
    }

    /// <summary>Every unit of the gate is in the status once, completed in its first attempt (a redelivery is the same attempt).</summary>
    public static void AssertEachUnitCompletedOnceInAttemptOne(JsonElement state)
    {
        var units = state.GetProperty("units").EnumerateArray().ToList();
        Assert.Equal(Enumerable.Range(0, GateFunction.Units), units.Select(u => u.GetProperty("unit").GetInt32()).Order());
        Assert.All(units, u => Assert.Equal(1, u.GetProperty("attempts").GetInt32()));
    }

    /// <summary>The work keys (<c>{id}/{unit}/{attempt}</c>) of the "serverless worker: finished …" lines, in order seen.</summary>
    public static IReadOnlyList<string> Finished(IEnumerable<string> lines)
        => [.. lines.Where(l => l.Contains("serverless worker: finished ", StringComparison.Ordinal)).Select(l => l[(l.IndexOf("finished ", StringComparison.Ordinal) + 9)..])];

    /// <summary>The keys every unit of the executions <paramref name="ids"/> must finish under, once each, ordered.</summary>
    public static IReadOnlyList<string> AllUnitKeys(IEnumerable<string> ids)
        => [.. ids.SelectMany(id => Enumerable.Range(0, GateFunction.Units).Select(u => $"{id}/{u.ToString(CultureInfo.InvariantCulture)}/1")).Order(StringComparer.Ordinal)];
}
