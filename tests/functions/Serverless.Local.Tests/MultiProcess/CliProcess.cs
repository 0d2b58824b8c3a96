using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Serverless.Local.Tests.MultiProcess;

/// <summary>
/// A real `serverless` process (<c>dotnet serverless.dll …</c>) started by a test: its stdout and stderr lines are
/// collected, it can be sent signals, and disposing SIGKILLs it and any child it started (by pid), so a failed test
/// leaves nothing behind.
/// </summary>
internal sealed class CliProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly SemaphoreSlim _lineArrived = new(0);
    private readonly HashSet<int> _children = [];

    private CliProcess(Process process, string name)
    {
        _process = process;
        Name = name;
    }

    public string Name { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public IReadOnlyList<string> Lines => [.. _lines];

    public string Output => string.Join('\n', _lines);

    /// <summary>The `serverless` entry assembly next to the tests (the test project references the CLI).</summary>
    public static string CliPath => Path.Combine(AppContext.BaseDirectory, "serverless.dll");

    /// <summary>
    /// Starts `serverless` with <paramref name="args"/>. <paramref name="environment"/> sets (or, with a null value,
    /// removes) variables of the child's environment.
    /// </summary>
    public static CliProcess Start(string name, IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
        };
        start.ArgumentList.Add(CliPath);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        var process = new Process { StartInfo = start };
        var cli = new CliProcess(process, name);
        process.OutputDataReceived += (_, e) => cli.Add(e.Data);
        process.ErrorDataReceived += (_, e) => cli.Add(e.Data is null ? null : "[stderr] " + e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return cli;
    }

    /// <summary>Waits for a line matching <paramref name="match"/> (already seen or to come); fails naming the process when it exits first or the guard passes.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan? guard = null)
    {
        using var cts = new CancellationTokenSource(guard ?? TimeSpan.FromMinutes(3));
        while (true)
        {
            if (_lines.FirstOrDefault(match) is { } line)
            {
                return line;
            }

            if (_process.HasExited)
            {
                // Let the last lines drain.
                _process.WaitForExit();
                if (_lines.FirstOrDefault(match) is { } last)
                {
                    return last;
                }

                throw new InvalidOperationException($"{Name} (pid {Id}) exited with {_process.ExitCode} before printing the line awaited:\n{Output}");
            }

            try
            {
                await _lineArrived.WaitAsync(TimeSpan.FromMilliseconds(200), cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"{Name} (pid {Id}) did not print the line awaited (a hang guard, not a timing assertion):\n{Output}");
            }
        }
    }

    public Task<string> WaitForLineAsync(string contains, TimeSpan? guard = null) => WaitForLineAsync(l => l.Contains(contains, StringComparison.Ordinal), guard);

    /// <summary>Sends a signal with the system's kill(1), e.g. "TERM", "INT".</summary>
    public static void Signal(int pid, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-s", signal, pid.ToString(CultureInfo.InvariantCulture) }, UseShellExecute = false })!;
        kill.WaitForExit();
    }

    public void Signal(string signal) => Signal(Id, signal);

    /// <summary>SIGKILL: the process dies at once, settling nothing.</summary>
    public void Crash()
    {
        RememberChildren();
        _process.Kill(entireProcessTree: false);
        _process.WaitForExit();
    }

    public async Task<int> WaitForExitAsync(TimeSpan? guard = null)
    {
        using var cts = new CancellationTokenSource(guard ?? TimeSpan.FromMinutes(2));
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Name} (pid {Id}) did not exit (a hang guard, not a timing assertion):\n{Output}");
        }

        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Processes whose parent is <paramref name="pid"/> (from /proc).</summary>
    public static IReadOnlyList<int> ChildrenOf(int pid)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var candidate))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(fields[1], CultureInfo.InvariantCulture) == pid)
                {
                    found.Add(candidate);
                }
            }
            catch (IOException)
            {
                // Gone meanwhile.
            }
        }

        return found;
    }

    /// <summary>The arguments <paramref name="pid"/> was started with (from /proc; empty when it is gone).</summary>
    public static IReadOnlyList<string> CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (IOException)
        {
            return [];
        }
    }

    /// <summary>
    /// True when this test process ignores <paramref name="signal"/> (e.g. SIGINT when the tests were started in the
    /// background of a non-interactive shell): its children inherit that, as POSIX asks, and .NET then never sees it.
    /// </summary>
    public static bool IgnoresSignal(int signal)
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null && (ulong.Parse(line[7..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture) & (1UL << (signal - 1))) != 0;
    }

    /// <summary>True while a process with that id exists and is not a zombie.</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        RememberChildren();
        foreach (var child in _children)
        {
            if (IsAlive(child))
            {
                Signal(child, "KILL");
            }
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: false);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
        _lineArrived.Dispose();
    }

    private void RememberChildren()
    {
        if (!_process.HasExited)
        {
            foreach (var c in ChildrenOf(_process.Id))
            {
                _children.Add(c);
            }
        }
    }

    private void Add(string? line)
    {
        if (line is not null)
        {
            _lines.Enqueue(line);
            _lineArrived.Release();
        }
    }
}
