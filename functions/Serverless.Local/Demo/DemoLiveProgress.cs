using System.Globalization;

namespace Serverless.Local.Demo;

/// <summary>
/// The demo's console: report lines, one progress line per unit that starts or finishes in the watched execution, and
/// (on a terminal only; redirected output gets plain lines) a status line under them with units done, running and
/// the elapsed time. Every write goes through one lock so that lines and the status line never interleave.
/// </summary>
internal sealed class DemoLiveProgress
{
    private const int BarWidth = 24;

    private readonly TextWriter _out;
    private readonly bool _quiet;
    private readonly bool _live;
    private readonly object _gate = new();
    private string? _watching;
    private DateTimeOffset _watchStart;
    private int _total;
    private int _done;
    private int _running;
    private bool _statusShown;

    /// <summary>Writes to <paramref name="stdout"/>; nothing but report lines under <paramref name="quiet"/>; the status
    /// line only when <paramref name="live"/> (a terminal that is not redirected).</summary>
    public DemoLiveProgress(TextWriter stdout, bool quiet, bool live)
    {
        _out = stdout;
        _quiet = quiet;
        _live = live && !quiet;
    }

    /// <summary>A live status line only on the process's own terminal.</summary>
    public static bool IsTerminal(TextWriter stdout) => ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected;

    /// <summary>Writes one line (clearing the status line first).</summary>
    public void WriteLine(string line)
    {
        lock (_gate)
        {
            ClearStatus();
            _out.WriteLine(line);
        }
    }

    /// <summary>From now on, reports the units of <paramref name="executionId"/>.</summary>
    public void Watch(string executionId, int units, DateTimeOffset started)
    {
        lock (_gate)
        {
            _watching = executionId;
            _watchStart = started;
            _total = units;
            _done = 0;
            _running = 0;
        }
    }

    /// <summary>Stops reporting and removes the status line.</summary>
    public void Unwatch()
    {
        lock (_gate)
        {
            _watching = null;
            ClearStatus();
        }
    }

    /// <summary>A unit of some execution started or finished (called from the workers).</summary>
    public void OnProgress(UnitProgress p)
    {
        lock (_gate)
        {
            if (_quiet || p.ExecutionId != _watching)
            {
                return;
            }

            ClearStatus();
            if (p.Finished)
            {
                _done++;
                _running = Math.Max(0, _running - 1);
            }
            else
            {
                _running++;
            }

            var at = (DateTimeOffset.UtcNow - _watchStart).TotalMilliseconds;
            var where = p.Instance is null ? p.Region : p.Instance.StartsWith(p.Region + "/", StringComparison.Ordinal) ? p.Instance : $"{p.Region}/{p.Instance}";
            _out.WriteLine(p.Finished
                ? Inv($"     {at,7:0} ms  {(p.Succeeded ? "✓" : "✗")} unit {p.UnitId} finished on {where} after {p.DurationMs:0} ms{(p.WaitedMs >= 1 ? $" (+{p.WaitedMs:0} ms result to origin)" : string.Empty)}")
                : Inv($"     {at,7:0} ms  ▷ unit {p.UnitId} starts on {where}{(p.Attempt > 1 ? $" (attempt {p.Attempt})" : string.Empty)} after {p.WaitedMs:0} ms of dispatch and transfer"));
            ShowStatus(at);
        }
    }

    /// <summary>Draws the status line under the progress lines: a bar of finished units, running units, elapsed time.</summary>
    private void ShowStatus(double atMs)
    {
        if (!_live || _total == 0)
        {
            return;
        }

        var filled = (int)Math.Round(BarWidth * (double)_done / _total);
        _out.Write(Inv($"     [{new string('█', filled)}{new string('░', BarWidth - filled)}] {_done}/{_total} units done, {_running} running, {atMs / 1000:0.0} s"));
        _out.Flush();
        _statusShown = true;
    }

    private void ClearStatus()
    {
        if (_statusShown)
        {
            _out.Write("\r\u001b[K");
            _statusShown = false;
        }
    }

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
