using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using Serverless.Development;
using Serverless.Azure.State;
using Serverless.Orchestrations.Ports;

namespace Serverless.Benchmarks;

/// <summary>
/// TableStateStore.PutAsync against a plain Azure.Data.Tables upsert loop, 1 KB values, on one Azurite started for the
/// run. Rounds alternate which of the two goes first, so drift in the emulator affects both alike; prints throughputs and the ratio.
/// </summary>
public sealed class StateStoreBenchmark : IBenchmark
{
    private const int ValueBytes = 1024;

    public string Name => "state";

    public string Description => "Table state store PutAsync vs a plain Azure.Data.Tables upsert loop (1 KB values, Azurite); target ratio >= 0.8";

    public async Task RunAsync(BenchmarkContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var rounds = context.Quick ? 4 : 24;
        var perRound = context.Quick ? 50 : 100;
        await context.Out.WriteLineAsync("starting Azurite...").ConfigureAwait(false);
        await using var azurite = await AzuriteLauncher.StartAsync().ConfigureAwait(false);
        await context.Out.WriteLineAsync($"Azurite pid {azurite.ProcessId}; {rounds} rounds x {perRound} puts of {ValueBytes} B each, sequential").ConfigureAwait(false);

        var store = TableStateStore.FromConnectionString(azurite.ConnectionString, new TableStateStoreOptions { TableName = "benchstate" });
        var raw = new TableServiceClient(azurite.ConnectionString).GetTableClient("benchraw");
        await raw.CreateIfNotExistsAsync().ConfigureAwait(false);
        var value = new byte[ValueBytes];
        new Random(1).NextBytes(value);

        // Warm-up: creates the store's table, JITs both paths, opens connections.
        await StoreLoopAsync(store, "warmup", 50, value).ConfigureAwait(false);
        await RawLoopAsync(raw, "warmup", 50, value).ConfigureAwait(false);

        TimeSpan storeTime = TimeSpan.Zero, rawTime = TimeSpan.Zero;
        var roundTimes = new List<(TimeSpan Raw, TimeSpan Store)>();
        for (var round = 0; round < rounds; round++)
        {
            var (rawBefore, storeBefore) = (rawTime, storeTime);
            var execution = "exec-" + round.ToString(CultureInfo.InvariantCulture);
            if (round % 2 == 0)
            {
                rawTime += await RawLoopAsync(raw, execution, perRound, value).ConfigureAwait(false);
                storeTime += await StoreLoopAsync(store, execution, perRound, value).ConfigureAwait(false);
            }
            else
            {
                storeTime += await StoreLoopAsync(store, execution, perRound, value).ConfigureAwait(false);
                rawTime += await RawLoopAsync(raw, execution, perRound, value).ConfigureAwait(false);
            }

            roundTimes.Add((rawTime - rawBefore, storeTime - storeBefore));
        }

        await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"per round (ms, raw/store): {string.Join("  ", roundTimes.Select(t => $"{t.Raw.TotalMilliseconds:0}/{t.Store.TotalMilliseconds:0}"))}")).ConfigureAwait(false);

        // Medians of the per-round times: one round disturbed by other load on the machine does not decide the result.
        var storeRate = perRound / Median(roundTimes.Select(t => t.Store)).TotalSeconds;
        var rawRate = perRound / Median(roundTimes.Select(t => t.Raw)).TotalSeconds;
        // Headline: the median over rounds of (raw time / store time) of the same round, which cancels slow drift.
        var paired = roundTimes.Select(t => t.Raw / t.Store).Order().ToList();
        var ratio = paired.Count % 2 == 1 ? paired[paired.Count / 2] : (paired[(paired.Count / 2) - 1] + paired[paired.Count / 2]) / 2;
        var total = rounds * perRound;
        await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"totals: raw {total / rawTime.TotalSeconds:0.0} puts/s, store {total / storeTime.TotalSeconds:0.0} puts/s (ratio of totals {rawTime / storeTime:0.00})")).ConfigureAwait(false);
        await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"raw   (TableClient.UpsertEntityAsync):  {rawRate,8:0.0} puts/s (median round)")).ConfigureAwait(false);
        await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"store (TableStateStore.PutAsync):       {storeRate,8:0.0} puts/s (median round)")).ConfigureAwait(false);
        await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"ratio store/raw = {ratio:0.00} (median of per-round ratios; ratio of median rates {storeRate / rawRate:0.00}; target >= 0.80: {(ratio >= 0.8 ? "met" : "NOT met")})")).ConfigureAwait(false);
    }

    private static TimeSpan Median(IEnumerable<TimeSpan> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static async Task<TimeSpan> StoreLoopAsync(TableStateStore store, string execution, int count, byte[] value)
    {
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            await store.PutAsync(new StateKey(execution, "v" + i.ToString(CultureInfo.InvariantCulture), "u0"), value).ConfigureAwait(false);
        }

        return sw.Elapsed;
    }

    private static async Task<TimeSpan> RawLoopAsync(TableClient table, string execution, int count, byte[] value)
    {
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var entity = new TableEntity(execution, "v" + i.ToString(CultureInfo.InvariantCulture) + "@u0") { ["v"] = value };
            await table.UpsertEntityAsync(entity, TableUpdateMode.Replace).ConfigureAwait(false);
        }

        return sw.Elapsed;
    }
}
