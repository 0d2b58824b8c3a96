using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Serverless.Contracts.Plans;
using Serverless.Development;
using Serverless.Local;
using Serverless.Local.Engine;
using Serverless.Samples;

namespace Serverless.Benchmarks;

/// <summary>
/// End-to-end load over HTTP against real processes: a durable `serverless serve --storage &lt;Azurite&gt;
/// --local-workers none` with one `serverless worker` per region of the default environment, and, in the same run,
/// an in-memory `serverless serve` (the baseline). N executions of the DocumentPipeline sample from C concurrent
/// clients (submit, then poll honouring Retry-After until 200); each result is compared with a direct call of the
/// sample. Prints executions/s, p50/p95 end-to-end latency, errors, lost executions and the ratio durable / in-memory.
/// Every process it starts is killed by pid at the end, also on Ctrl+C.
/// </summary>
public sealed class LoadBenchmark : IBenchmark
{
    private const string Function = "Serverless.Samples.DocumentPipeline.Summarize";

    /// <summary>How long one execution may take before it counts as lost (a guard, not a measurement).</summary>
    private static readonly TimeSpan LostAfter = TimeSpan.FromMinutes(5);

    public string Name => "load";

    public string Description => "N executions over HTTP from concurrent clients: durable serve + one worker process per region on Azurite vs in-memory serve (the baseline)";

    public async Task RunAsync(BenchmarkContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var output = context.Out;
        var executions = (int)context.Option("--executions", context.Quick ? 40 : 1000);
        var clients = (int)context.Option("--clients", 32);
        var regions = PlanEnvironment.Default.Regions.Select(r => r.Name).ToList();

        using var stop = new CancellationTokenSource();
        using var processes = new ProcessSet();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            // Ctrl+C: stop the load and kill what was started (the finally blocks below and Azurite's disposal).
            e.Cancel = true;
            processes.KillAll();
            stop.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            await output.WriteLineAsync($"{executions} executions of {Function}, {clients} concurrent clients; durable: serve --local-workers none + {regions.Count} workers ({string.Join(", ", regions)}), one per region of the default environment").ConfigureAwait(false);

            // The baseline first: it shows quickly whether the client and the comparison work.
            LoadResult memory;
            {
                var url = FreeUrl();
                var serve = processes.Start("serve (in-memory)", ["serve", "--urls", url]);
                await serve.WaitForLineAsync("listening on", stop.Token).ConfigureAwait(false);
                await using (var step = context.Step("in-memory: executions ended", executions))
                {
                    memory = await RunLoadAsync(url, executions, clients, "mem", step, stop.Token).ConfigureAwait(false);
                }
                processes.Kill(serve);
            }

            await PrintAsync(output, "in-memory", memory).ConfigureAwait(false);

            AzuriteLauncher azurite;
            try
            {
                azurite = await AzuriteLauncher.StartAsync(TimeSpan.FromSeconds(60), stop.Token).ConfigureAwait(false);
            }
            catch (AzuriteUnavailableException ex)
            {
                throw new UsageException($"the durable run needs Azurite, which could not start: {ex.Message}");
            }

            LoadResult durable;
            await using (azurite.ConfigureAwait(false))
            {
                var hub = "load" + DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);
                var url = FreeUrl();
                var serve = processes.Start("serve (durable)", ["serve", "--storage", azurite.ConnectionString, "--task-hub", hub, "--local-workers", "none", "--urls", url]);
                await serve.WaitForLineAsync("listening on", stop.Token).ConfigureAwait(false);
                var workers = regions.Select(r => processes.Start($"worker {r}", ["worker", "--region", r, "--storage", azurite.ConnectionString, "--task-hub", hub])).ToList();
                foreach (var w in workers)
                {
                    await w.WaitForLineAsync("consuming", stop.Token).ConfigureAwait(false);
                }

                await using (var step = context.Step("durable: executions ended", executions))
                {
                    durable = await RunLoadAsync(url, executions, clients, "dur", step, stop.Token).ConfigureAwait(false);
                }
                foreach (var w in workers)
                {
                    await output.WriteLineAsync($"  {w.Name}: {w.Lines.Count(l => l.Contains("serverless worker: finished ", StringComparison.Ordinal))} units finished").ConfigureAwait(false);
                }

                processes.KillAll();
            }

            await PrintAsync(output, "durable", durable).ConfigureAwait(false);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"ratio durable / in-memory: throughput {durable.PerSecond / memory.PerSecond:F2}, p50 latency {durable.Percentile(0.5) / memory.Percentile(0.5):F2}, p95 latency {durable.Percentile(0.95) / memory.Percentile(0.95):F2}")).ConfigureAwait(false);
            foreach (var (label, r) in new[] { ("in-memory", memory), ("durable", durable) })
            {
                foreach (var problem in r.Problems.Take(5))
                {
                    await output.WriteLineAsync($"  {label}: {problem}").ConfigureAwait(false);
                }
            }
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
            processes.KillAll();
        }
    }

    private static async Task PrintAsync(TextWriter output, string label, LoadResult r)
        => await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{label,-10} {r.Completed,5}/{r.Submitted,-5} completed in {r.Seconds:F1} s: {r.PerSecond:F1} executions/s; latency p50 {r.Percentile(0.5):F0} ms, p95 {r.Percentile(0.95):F0} ms; errors {r.Errors}; lost {r.Lost} (never completed {r.NeverCompleted}, wrong result {r.Wrong})")).ConfigureAwait(false);

    private static async Task<LoadResult> RunLoadAsync(string url, int executions, int clients, string prefix, BenchmarkProgress.Step step, CancellationToken cancellationToken)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients * 2 }) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(100) };
        var result = new LoadResult();
        var next = -1;
        var started = Stopwatch.GetTimestamp();
        var tasks = Enumerable.Range(0, clients).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < executions && !cancellationToken.IsCancellationRequested)
            {
                await RunOneAsync(http, prefix, i, result, cancellationToken).ConfigureAwait(false);
                step.Increment();
            }
        }).ToList();
        await Task.WhenAll(tasks).ConfigureAwait(false);
        result.Seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return result;
    }

    private static async Task RunOneAsync(HttpClient http, string prefix, int i, LoadResult result, CancellationToken cancellationToken)
    {
        var (title, text, keywords) = Arguments(i);
        var expected = JsonSerializer.SerializeToElement(DocumentPipeline.Summarize(title, text, keywords), JsonSerializerOptions.Web);
        var body = JsonSerializer.Serialize(new { id = $"{prefix}-{i.ToString(CultureInfo.InvariantCulture)}", function = Function, arguments = new { title, text, keywordCount = keywords } });
        var start = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref result.SubmittedCount);
        string id;
        try
        {
            using var submit = await http.PostAsync("/api/execution/submit", new StringContent(body, Encoding.UTF8, "application/json"), cancellationToken).ConfigureAwait(false);
            var answer = await submit.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (submit.StatusCode != HttpStatusCode.Accepted)
            {
                result.Error($"execution {i}: submit answered {(int)submit.StatusCode}: {Shorten(answer)}");
                return;
            }

            using var doc = JsonDocument.Parse(answer);
            id = doc.RootElement.GetProperty("id").GetString()!;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException && !cancellationToken.IsCancellationRequested)
        {
            result.Error($"execution {i}: submit failed: {ex.Message}");
            return;
        }

        while (Stopwatch.GetElapsedTime(start) < LostAfter)
        {
            try
            {
                using var status = await http.GetAsync($"/api/execution/{id}", cancellationToken).ConfigureAwait(false);
                var answer = await status.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                if (status.StatusCode == HttpStatusCode.OK)
                {
                    var latency = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                    using var doc = JsonDocument.Parse(answer);
                    var state = doc.RootElement;
                    if (state.GetProperty("status").GetString() != "completed")
                    {
                        result.Error($"execution {id}: {state.GetProperty("status").GetString()}: {Shorten(answer)}");
                    }
                    else if (!JsonElement.DeepEquals(state.GetProperty("result"), expected))
                    {
                        result.WrongResult($"execution {id}: result {Shorten(state.GetProperty("result").GetRawText())}, expected {Shorten(expected.GetRawText())}");
                    }
                    else
                    {
                        result.Done(latency);
                    }

                    return;
                }

                if (status.StatusCode != HttpStatusCode.Accepted)
                {
                    result.Error($"execution {id}: status answered {(int)status.StatusCode}: {Shorten(answer)}");
                    return;
                }

                // Honour Retry-After, as a client of the Durable management API does.
                var wait = status.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException && !cancellationToken.IsCancellationRequested)
            {
                result.Error($"execution {id}: status failed: {ex.Message}");
                return;
            }
        }

        result.NeverDone($"execution {id}: not completed after {LostAfter.TotalMinutes} minutes");
    }

    /// <summary>Arguments of execution <paramref name="i"/>: a different document each, so that results differ.</summary>
    private static (string Title, string Text, int Keywords) Arguments(int i)
    {
        var n = i.ToString(CultureInfo.InvariantCulture);
        var text = $"Durable executions survive restarts. Execution {n} counts words; words repeat. Regions split work {n} times! Storage queues carry units.";
        return ($" Document {n} ", text, 1 + (i % 4));
    }

    private static string Shorten(string s) => s.Length <= 300 ? s : s[..300] + "…";

    private static string FreeUrl()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return "http://127.0.0.1:" + ((IPEndPoint)listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
    }

    private sealed class LoadResult
    {
        private readonly ConcurrentBag<double> _latencies = [];
        private readonly ConcurrentQueue<string> _problems = new();
        private int _errors;
        private int _wrong;
        private int _never;

        public int SubmittedCount;

        public double Seconds { get; set; }

        public int Submitted => SubmittedCount;

        public int Completed => _latencies.Count;

        public int Errors => _errors;

        public int Wrong => _wrong;

        public int NeverCompleted => _never;

        public int Lost => _wrong + _never;

        public double PerSecond => Completed / Seconds;

        public IEnumerable<string> Problems => _problems;

        public double Percentile(double p)
        {
            var sorted = _latencies.Order().ToList();
            return sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
        }

        public void Done(double latencyMs) => _latencies.Add(latencyMs);

        public void Error(string problem)
        {
            Interlocked.Increment(ref _errors);
            _problems.Enqueue(problem);
        }

        public void WrongResult(string problem)
        {
            Interlocked.Increment(ref _wrong);
            _problems.Enqueue(problem);
        }

        public void NeverDone(string problem)
        {
            Interlocked.Increment(ref _never);
            _problems.Enqueue(problem);
        }
    }

    /// <summary>The `serverless` processes this benchmark started (<c>dotnet serverless.dll …</c>), killed by pid with their children.</summary>
    private sealed class ProcessSet : IDisposable
    {
        private readonly List<CliChild> _started = [];
        private readonly Lock _lock = new();

        public CliChild Start(string name, IReadOnlyList<string> args)
        {
            var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "serverless.dll"));
            foreach (var a in args)
            {
                start.ArgumentList.Add(a);
            }

            // One process each (no re-execution to unblock the processor count), so the pid is the whole process.
            // This benchmark may itself run re-executed: its children are not, and must not watch its parent's pid.
            start.Environment[ProcessorCountGuard.Variable] = ProcessorCountGuard.Wanted.ToString(CultureInfo.InvariantCulture);
            start.Environment.Remove(ProcessorCountGuard.ReexecutedMarker);
            start.Environment.Remove(ProcessorCountGuard.ParentVariable);
            var child = new CliChild(name, new Process { StartInfo = start });
            lock (_lock)
            {
                _started.Add(child);
                child.Start();
            }

            return child;
        }

        public void Kill(CliChild child) => child.Kill();

        public void KillAll()
        {
            lock (_lock)
            {
                foreach (var c in _started)
                {
                    c.Kill();
                }
            }
        }

        public void Dispose()
        {
            KillAll();
            foreach (var c in _started)
            {
                c.Dispose();
            }
        }
    }

    private sealed class CliChild(string name, Process process) : IDisposable
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public string Name { get; } = name;

        public IReadOnlyCollection<string> Lines => _lines;

        public void Start()
        {
            process.OutputDataReceived += (_, e) => Add(e.Data);
            process.ErrorDataReceived += (_, e) => Add(e.Data is null ? null : "[stderr] " + e.Data);
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public async Task WaitForLineAsync(string contains, CancellationToken cancellationToken)
        {
            using var guard = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            guard.CancelAfter(TimeSpan.FromMinutes(3));
            while (!_lines.Any(l => l.Contains(contains, StringComparison.Ordinal)))
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"{Name} exited with {process.ExitCode} before printing '{contains}':\n{string.Join('\n', _lines)}");
                }

                try
                {
                    await Task.Delay(100, guard.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new TimeoutException($"{Name} did not print '{contains}' (a hang guard):\n{string.Join('\n', _lines)}");
                }
            }
        }

        public void Kill()
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit();
                }
            }
            catch (InvalidOperationException)
            {
                // Never started or already gone.
            }
        }

        public void Dispose() => process.Dispose();

        private void Add(string? line)
        {
            if (line is not null)
            {
                _lines.Enqueue(line);
            }
        }
    }
}
