using System.Diagnostics;
using System.Globalization;
using Serverless.Local.Engine;
using Serverless.Local.Worker;
using Serverless.Orchestrations.Ports;

namespace Serverless.Local.Provisioning;

/// <summary>
/// `serve --autoscale`'s provisioner: <see cref="ScaleAsync"/> sets how many `serverless worker --region R` child
/// processes run for a region (clamped to <see cref="WorkerProcessOptions.Min"/>..<see cref="WorkerProcessOptions.Max"/>),
/// starting this same executable with serve's storage, task hub and functions, or stopping idle ones (as the autoscaler
/// retires idle instances only): a worker's units in flight are counted from its `took`/`finished`/`handed back` lines,
/// and a busy surplus worker is stopped when it becomes idle. Stopping is SIGTERM (the worker hands anything it took
/// meanwhile back to the queue), then SIGKILL after the grace period. A worker that dies
/// on its own is replaced, so the region keeps the count last set. Every worker watches serve's pid and stops when
/// serve dies, even by SIGKILL; disposing stops them all. A deployment makes sure the region runs at least the
/// minimum (the virtual functions' registry stays with serve's own provisioner). Child output is copied to
/// <c>log</c> line by line, prefixed with the region and pid.
/// </summary>
public sealed class WorkerProcessProvisioner : IProvisioner, IAsyncDisposable
{
    private readonly WorkerProcessOptions _options;
    private readonly TextWriter _log;
    private readonly Dictionary<string, List<Process>> _running = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _wanted = new(StringComparer.Ordinal);
    private readonly Dictionary<Process, int> _inFlight = [];
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lock _lock = new();
    private bool _disposed;

    public WorkerProcessProvisioner(WorkerProcessOptions options, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        if (options.Min < 0 || options.Max < Math.Max(1, options.Min))
        {
            throw new ArgumentException($"Worker process bounds {options.Min}-{options.Max} are invalid: 0 <= min <= max and max >= 1.", nameof(options));
        }

        _options = options;
        _log = TextWriter.Synchronized(log);
    }

    /// <summary>Worker processes of <paramref name="region"/> running now.</summary>
    public int Count(string region)
    {
        lock (_lock)
        {
            return _running.TryGetValue(region, out var list) ? list.Count : 0;
        }
    }

    /// <summary>The pids of <paramref name="region"/>'s worker processes, oldest first.</summary>
    public IReadOnlyList<int> ProcessIds(string region)
    {
        lock (_lock)
        {
            return _running.TryGetValue(region, out var list) ? [.. list.Select(p => p.Id)] : [];
        }
    }

    /// <summary>Makes sure <paramref name="request"/>'s region runs at least the minimum of worker processes.</summary>
    public async Task<RegionDeployment> DeployAsync(DeploymentRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var before = Count(request.Region);
        if (before < _options.Min)
        {
            await ScaleAsync(request.Region, _options.Min, cancellationToken).ConfigureAwait(false);
        }

        return new RegionDeployment(request.Region, $"workers-{request.Region}", before < _options.Min ? "created" : "unchanged", request.Functions);
    }

    /// <summary>None: the registry of virtual functions is serve's own provisioner's.</summary>
    public Task<IReadOnlyList<VirtualFunction>> ListAsync(string functionId, CancellationToken cancellationToken = default)
        => Task.FromResult<IReadOnlyList<VirtualFunction>>([]);

    /// <summary>Starts or stops worker processes until <paramref name="region"/> has <paramref name="instances"/> (clamped to the bounds).</summary>
    public async Task ScaleAsync(string region, int instances, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(region);
        if (instances < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(instances), instances, $"The instance count for region {region} must be 0 or more.");
        }

        var target = Math.Clamp(instances, _options.Min, _options.Max);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            lock (_lock)
            {
                _wanted[region] = target;
            }

            await ReconcileAsync(region).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        List<Process> all;
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            lock (_lock)
            {
                all = [.. _running.Values.SelectMany(p => p)];
                _running.Clear();
            }

            await Task.WhenAll(all.Select(StopAsync)).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }

        if (all.Count > 0)
        {
            await _log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"serverless serve: autoscale: stopped {all.Count} worker processes")).ConfigureAwait(false);
        }
    }

    /// <summary>Under the gate: starts or stops processes of <paramref name="region"/> until the count is the one wanted.</summary>
    private async Task ReconcileAsync(string region)
    {
        int wanted;
        int busy;
        List<Process> surplus;
        var started = 0;
        lock (_lock)
        {
            wanted = _wanted.GetValueOrDefault(region);
            if (!_running.TryGetValue(region, out var list))
            {
                _running[region] = list = [];
            }

            // Idle ones only, newest first; a busy one goes when its last unit ends (OnLine).
            surplus = [.. list.AsEnumerable().Reverse().Where(p => _inFlight.GetValueOrDefault(p) == 0).Take(Math.Max(0, list.Count - wanted))];
            list.RemoveAll(surplus.Contains);
            busy = Math.Max(0, list.Count - wanted);
            while (list.Count < wanted)
            {
                list.Add(Start(region));
                started++;
            }
        }

        await Task.WhenAll(surplus.Select(StopAsync)).ConfigureAwait(false);
        if (started > 0 || surplus.Count > 0)
        {
            await _log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"serverless serve: autoscale {region}: {wanted} worker processes (pids {string.Join(",", ProcessIds(region))}; started {started}, stopped {surplus.Count}{(busy > 0 ? $"; {busy} busy, stopped when idle" : string.Empty)})")).ConfigureAwait(false);
        }
    }

    private Process Start(string region)
    {
        var start = ProcessorCountGuard.SelfStartInfo()
            ?? throw new InvalidOperationException("serve cannot tell which executable it runs, so it cannot start `serverless worker` processes for --autoscale.");
        foreach (var a in WorkerArguments(region))
        {
            start.ArgumentList.Add(a);
        }

        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.Environment.Remove(ProcessorCountGuard.ReexecutedMarker);

        // The worker stops itself when serve dies (it watches this pid), so none is left behind even after a SIGKILL.
        start.Environment[ProcessorCountGuard.ParentVariable] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var pid = 0;
        process.OutputDataReceived += (_, e) =>
        {
            Copy(Volatile.Read(ref pid), region, e.Data, string.Empty);
            OnLine(region, process, e.Data);
        };
        process.ErrorDataReceived += (_, e) => Copy(Volatile.Read(ref pid), region, e.Data, "[stderr] ");
        process.Exited += (_, _) => OnExited(region, process, Volatile.Read(ref pid));
        process.Start();
        Volatile.Write(ref pid, process.Id);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>`worker --region R --storage C --task-hub H` plus serve's `--assembly`/`--source` files.</summary>
    public IReadOnlyList<string> WorkerArguments(string region)
    {
        var args = new List<string> { "worker", "--region", region, "--storage", _options.ConnectionString, "--task-hub", _options.TaskHub };
        foreach (var a in _options.Assemblies)
        {
            args.AddRange(["--assembly", a]);
        }

        foreach (var s in _options.Sources)
        {
            args.AddRange(["--source", s]);
        }

        return args;
    }

    private void Copy(int pid, string region, string? line, string prefix)
    {
        if (line is not null)
        {
            _log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[worker {region} pid {pid}] {prefix}{line}"));
        }
    }

    /// <summary>Counts the worker's units in flight from its lines; a surplus worker that became idle is stopped.</summary>
    private void OnLine(string region, Process process, string? line)
    {
        if (line is null || !line.StartsWith(ReportingBus.LinePrefix, StringComparison.Ordinal))
        {
            return;
        }

        var what = line.AsSpan(ReportingBus.LinePrefix.Length);
        var change = what.StartsWith(ReportingBus.Took, StringComparison.Ordinal) ? 1
            : what.StartsWith(ReportingBus.Finished, StringComparison.Ordinal) || what.StartsWith(ReportingBus.HandedBack, StringComparison.Ordinal) ? -1
            : 0;
        if (change == 0)
        {
            return;
        }

        bool reconcile;
        lock (_lock)
        {
            var now = Math.Max(0, _inFlight.GetValueOrDefault(process) + change);
            _inFlight[process] = now;
            reconcile = now == 0 && !_disposed && _running.TryGetValue(region, out var list) && list.Contains(process) && list.Count > _wanted.GetValueOrDefault(region);
        }

        if (reconcile)
        {
            _ = Task.Run(() => ReconcileLaterAsync(region));
        }
    }

    /// <summary>Reconciles <paramref name="region"/> outside the caller's thread (an output or exit event).</summary>
    private async Task ReconcileLaterAsync(string region)
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!_disposed)
            {
                await ReconcileAsync(region).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            await _log.WriteLineAsync($"serverless serve: autoscale {region}: could not start a worker process: {ex.Message}").ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// A worker that fails unasked (killed, crashed: a non-zero exit code) is replaced, so the region keeps the count
    /// last set. One that stopped cleanly was stopped from outside (Ctrl+C reaches serve's whole process group, an
    /// operator's SIGTERM) and is not started again.
    /// </summary>
    private void OnExited(string region, Process process, int pid)
    {
        lock (_lock)
        {
            // Stopped on purpose: it left the list before it was sent SIGTERM.
            if (_disposed || !_running.TryGetValue(region, out var list) || !list.Remove(process))
            {
                return;
            }

            _inFlight.Remove(process);
        }

        if (process.ExitCode == 0)
        {
            _log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"serverless serve: autoscale {region}: worker pid {pid} was stopped from outside; not replaced"));
            process.Dispose();
            return;
        }

        _log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"serverless serve: autoscale {region}: worker pid {pid} exited unasked (code {process.ExitCode}); starting another"));
        _ = Task.Run(async () =>
        {
            await ReconcileLaterAsync(region).ConfigureAwait(false);
            process.Dispose();
        });
    }

    /// <summary>SIGTERM, then SIGKILL when the worker has not exited within the grace period.</summary>
    private async Task StopAsync(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                ProcessorCountGuard.Terminate(process.Id);
                using var grace = new CancellationTokenSource(_options.StopGrace);
                try
                {
                    await process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    try
                    {
                        process.Kill(entireProcessTree: true);
                    }
                    catch (InvalidOperationException)
                    {
                        // Exited meanwhile.
                    }

                    await process.WaitForExitAsync().ConfigureAwait(false);
                }
            }
        }
        finally
        {
            lock (_lock)
            {
                _inFlight.Remove(process);
            }

            process.Dispose();
        }
    }
}
