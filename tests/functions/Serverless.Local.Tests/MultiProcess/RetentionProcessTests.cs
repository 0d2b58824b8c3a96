using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Serverless.Azure.State;

namespace Serverless.Local.Tests.MultiProcess;

/// <summary>
/// Serve's retention sweep on the durable engine: `serverless serve --storage … --local-workers none` with
/// <c>Serverless__StateRetentionMinutes=0</c> and a `serverless worker`. An ended execution leaves nothing in the state
/// store nor in the task hub (Instances and History tables); a running one is never purged. Skipped only when Azurite
/// cannot start.
/// </summary>
[Collection(MultiProcessCollection.Name)]
public sealed class RetentionProcessTests(MultiProcessFixture fixture) : IAsyncLifetime
{
    private readonly List<CliProcess> _processes = [];
    private readonly GateFunction _gate = GateFunction.Create();
    private readonly GateFunction _open = GateFunction.Create();
    private readonly string _hub = MultiProcessFixture.NewTaskHub();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var p in _processes)
        {
            await p.DisposeAsync();
        }

        _gate.Delete();
        _open.Delete();
    }

    [SkippableFact]
    public async Task Retention_EndedExecution_LeavesNothingInTheStoreNorTheTaskHub()
    {
        var storage = fixture.RequireStorage();
        _open.Release();
        var http = await StartServeAsync(storage);
        var worker = await StartWorkerAsync(storage);

        var id = await SubmitAsync(http, _open, 3);
        await WaitPurgedAsync(http, id);

        // It ran to the end first: every unit finished once in the worker.
        AssertAllUnitsFinished(worker, id);
        Assert.Empty(await TableStateStore.FromConnectionString(storage).ListAsync(id));
        Assert.Empty(await TaskHubRowsAsync(storage, "Instances", id));
        Assert.Empty(await TaskHubRowsAsync(storage, "History", id));
        using var list = await http.GetAsync("/api/executions");
        Assert.True(list.IsSuccessStatusCode, $"GET /api/executions: {(int)list.StatusCode}");
        Assert.DoesNotContain(id, await list.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Retention_RunningExecution_IsNotPurgedBySweepsThatPurgeEndedOnes()
    {
        var storage = fixture.RequireStorage();
        _open.Release();
        var http = await StartServeAsync(storage);
        var worker = await StartWorkerAsync(storage);

        var running = await SubmitAsync(http, _gate, 1);
        await _gate.WaitStartedAsync(1);

        // Another execution ends and is purged: a sweep ran while the first was running.
        var ended = await SubmitAsync(http, _open, 2);
        await WaitPurgedAsync(http, ended);
        AssertAllUnitsFinished(worker, ended);

        using (var response = await http.GetAsync($"/api/execution/{running}"))
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"GET {running}: {(int)response.StatusCode} {body}");
            using var doc = JsonDocument.Parse(body);
            Assert.Equal("running", doc.RootElement.GetProperty("status").GetString());
        }

        Assert.NotEmpty(await TaskHubRowsAsync(storage, "Instances", running));
        Assert.NotEmpty(await TaskHubRowsAsync(storage, "History", running));

        // Released, it still runs to the end (nothing of it was removed), and only then is it purged.
        _gate.Release();
        await WaitPurgedAsync(http, running);
        AssertAllUnitsFinished(worker, running);
        Assert.Empty(await TableStateStore.FromConnectionString(storage).ListAsync(running));
        Assert.Empty(await TaskHubRowsAsync(storage, "Instances", running));
    }

    private static void AssertAllUnitsFinished(CliProcess worker, string id)
    {
        for (var unit = 0; unit < GateFunction.Units; unit++)
        {
            var key = $"{id}/{unit.ToString(CultureInfo.InvariantCulture)}/1";
            Assert.True(worker.Lines.Any(l => l.EndsWith($"finished {key}", StringComparison.Ordinal)), $"{key} never finished:\n{worker.Output}");
        }
    }

    /// <summary>The rows of one execution in a task hub table (DTFx: partition key = instance id).</summary>
    private async Task<List<TableEntity>> TaskHubRowsAsync(string storage, string table, string id)
    {
        var client = new TableClient(storage, _hub + table);
        var rows = new List<TableEntity>();
        await foreach (var row in client.QueryAsync<TableEntity>(e => e.PartitionKey == id))
        {
            rows.Add(row);
        }

        return rows;
    }

    private async Task<HttpClient> StartServeAsync(string storage)
    {
        var (_, http) = await GateProcesses.StartServeAsync(
            _processes,
            storage,
            _hub,
            _gate,
            environment: new Dictionary<string, string?>(StringComparer.Ordinal) { ["Serverless__StateRetentionMinutes"] = "0" });
        return http;
    }

    private Task<CliProcess> StartWorkerAsync(string storage) => GateProcesses.StartWorkerAsync(_processes, storage, _hub, _gate, "worker");

    private static Task<string> SubmitAsync(HttpClient http, GateFunction gate, int seed) => GateProcesses.SubmitAsync(http, gate, seed);

    /// <summary>
    /// Polls GET /api/execution/{id} until it is 404 (a hang guard of 4 minutes, not a timing assertion). It must not be
    /// 404 before it ended: a status seen on the way is never "failed" or "terminated".
    /// </summary>
    private static async Task WaitPurgedAsync(HttpClient http, string id)
    {
        for (var i = 0; i < 1200; i++)
        {
            using var response = await http.GetAsync($"/api/execution/{id}");
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return;
            }

            var state = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(state.GetProperty("status").GetString() is "pending" or "running" or "completed", $"{id}: {state}");
            await Task.Delay(200);
        }

        throw new TimeoutException($"execution {id} was not purged");
    }
}
