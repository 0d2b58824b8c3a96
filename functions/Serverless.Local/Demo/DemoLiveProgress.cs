using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Serverless.Local.Demo;

/// <summary>
/// The demo's console, on Spectre.Console: report lines and tables, one progress line per unit that starts or
/// finishes in the watched execution, and (on a terminal only) a live progress bar under them with units done and
/// the elapsed time. Redirected output gets plain lines, no redraws; with <c>NO_COLOR</c> set there are no ANSI
/// escape codes at all (and so no live bar). Every write goes through one lock so that lines never interleave.
/// </summary>
internal sealed class DemoLiveProgress
{
    /// <summary>The variable of the no-color.org convention: present and not empty turns colour and escapes off.</summary>
    public const string NoColorVariable = "NO_COLOR";

    private readonly IAnsiConsole _console;
    private readonly bool _quiet;
    private readonly bool _live;
    private readonly object _gate = new();
    private string? _watching;
    private DateTimeOffset _watchStart;
    private int _done;
    private ProgressTask? _bar;
    private TaskCompletionSource? _unwatched;
    private Task? _display;

    /// <summary>Writes to <paramref name="stdout"/>; nothing but report lines under <paramref name="quiet"/>; the live
    /// bar only when <paramref name="live"/> (a terminal that is not redirected) and colour is allowed.</summary>
    public DemoLiveProgress(TextWriter stdout, bool quiet, bool live, bool noColor)
    {
        _quiet = quiet;
        _live = live && !quiet && !noColor;
        _console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stdout),
            Ansi = live && !noColor ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = noColor ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = _live ? InteractionSupport.Yes : InteractionSupport.No,
        });
        if (!live)
        {
            // Redirected: lines as long as they are (a file has no width to wrap at).
            _console.Profile.Width = 4096;
        }
    }

    /// <summary>A live status line only on the process's own terminal.</summary>
    public static bool IsTerminal(TextWriter stdout) => ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected;

    /// <summary>Whether <c>NO_COLOR</c> asks for no colour (set and not empty).</summary>
    public static bool NoColor(Func<string, string?> environment)
        => !string.IsNullOrEmpty((environment ?? throw new ArgumentNullException(nameof(environment)))(NoColorVariable));

    /// <summary>Writes one line of text as it is (no markup).</summary>
    public void WriteLine(string line, Style? style = null)
    {
        lock (_gate)
        {
            _console.Write(new Text(line + "\n", style));
        }
    }

    /// <summary>Writes a table or other renderable.</summary>
    public void Write(IRenderable renderable)
    {
        lock (_gate)
        {
            _console.Write(renderable);
        }
    }

    /// <summary>From now on, reports the units of <paramref name="executionId"/> (with a live bar on a terminal).</summary>
    public void Watch(string executionId, int units, DateTimeOffset started)
    {
        lock (_gate)
        {
            _watching = executionId;
            _watchStart = started;
            _done = 0;
            if (!_live || units == 0)
            {
                return;
            }

            var unwatched = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _unwatched = unwatched;
            _display = _console.Progress()
                .AutoClear(true)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async context =>
                {
                    var bar = context.AddTask("units done", maxValue: units);
                    lock (_gate)
                    {
                        bar.Value = _done;
                        _bar = bar;
                    }

                    await unwatched.Task.ConfigureAwait(false);
                    bar.StopTask();
                });
        }
    }

    /// <summary>Stops reporting and removes the live bar.</summary>
    public async Task UnwatchAsync()
    {
        Task? display;
        lock (_gate)
        {
            _watching = null;
            _bar = null;
            _unwatched?.TrySetResult();
            _unwatched = null;
            display = _display;
            _display = null;
        }

        if (display is not null)
        {
            await display.ConfigureAwait(false);
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

            if (p.Finished)
            {
                _done++;
                _bar?.Increment(1);
            }

            var at = (DateTimeOffset.UtcNow - _watchStart).TotalMilliseconds;
            var where = p.Instance is null ? p.Region : p.Instance.StartsWith(p.Region + "/", StringComparison.Ordinal) ? p.Instance : $"{p.Region}/{p.Instance}";
            var line = p.Finished
                ? Inv($"     {at,7:0} ms  {(p.Succeeded ? "✓" : "✗")} unit {p.UnitId} finished on {where} after {p.DurationMs:0} ms{(p.WaitedMs >= 1 ? $" (+{p.WaitedMs:0} ms result to origin)" : string.Empty)}")
                : Inv($"     {at,7:0} ms  ▷ unit {p.UnitId} starts on {where}{(p.Attempt > 1 ? $" (attempt {p.Attempt})" : string.Empty)} after {p.WaitedMs:0} ms of dispatch and transfer");
            _console.Write(new Text(line + "\n", p.Finished ? new Style(p.Succeeded ? Color.Green : Color.Red) : Style.Plain));
        }
    }

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
