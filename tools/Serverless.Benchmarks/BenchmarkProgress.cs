using System.Text;
using Spectre.Console;

namespace Serverless.Benchmarks;

/// <summary>
/// Live progress of a long benchmark step (executions completed, instances solved) on Spectre.Console: a bar with
/// the count, the percentage and the elapsed time under the benchmark's lines, on a terminal only. Redirected output
/// (a file, a pipe, a test's writer) and <c>NO_COLOR</c> get the benchmark's lines alone, with no escape codes and no
/// redraws. While a bar is shown every line the benchmark writes goes through the same console (<see cref="Out"/>),
/// so lines appear above the bar instead of through it.
/// </summary>
public sealed class BenchmarkProgress
{
    private readonly IAnsiConsole? _console;
    private readonly Lock _gate = new();

    private BenchmarkProgress(TextWriter stdout, IAnsiConsole? console)
    {
        _console = console;
        Out = console is null ? stdout : new ConsoleLineWriter(console, _gate);
    }

    /// <summary>No live display: lines go to <paramref name="stdout"/> as they are.</summary>
    public static BenchmarkProgress Plain(TextWriter stdout) => new(stdout ?? throw new ArgumentNullException(nameof(stdout)), null);

    /// <summary>A live bar on <paramref name="stdout"/> (which must be a terminal that renders ANSI).</summary>
    public static BenchmarkProgress Live(TextWriter stdout)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stdout),
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.Detect,
            Interactive = InteractionSupport.Yes,
        });
        return new(stdout, console);
    }

    /// <summary>Live on the process's own terminal unless <c>NO_COLOR</c> is set; plain otherwise.</summary>
    public static BenchmarkProgress For(TextWriter stdout, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var terminal = ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected;
        return terminal && string.IsNullOrEmpty(environment("NO_COLOR")) ? Live(stdout) : Plain(stdout);
    }

    /// <summary>Where the benchmark writes its lines.</summary>
    public TextWriter Out { get; }

    /// <summary>Whether a bar is drawn.</summary>
    public bool IsLive => _console is not null;

    /// <summary>Starts a step of <paramref name="total"/> items; dispose it when the step ends (the bar is removed).</summary>
    public Step Start(string description, int total)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(description);
        return new Step(this, description, Math.Max(1, total));
    }

    /// <summary>One step's bar; <see cref="Increment"/> is safe from any thread.</summary>
    public sealed class Step : IAsyncDisposable
    {
        private readonly BenchmarkProgress _owner;
        private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Task _display;
        private ProgressTask? _bar;
        private int _done;

        internal Step(BenchmarkProgress owner, string description, int total)
        {
            _owner = owner;
            Total = total;
            _display = owner._console is not { } console
                ? Task.CompletedTask
                : console.Progress()
                    .AutoClear(true)
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                    .StartAsync(async context =>
                    {
                        var bar = context.AddTask(description, maxValue: total);
                        lock (owner._gate)
                        {
                            bar.Value = _done;
                            _bar = bar;
                        }

                        await _ended.Task.ConfigureAwait(false);
                        bar.StopTask();
                    });
        }

        public int Total { get; }

        /// <summary>Items done so far.</summary>
        public int Done => Volatile.Read(ref _done);

        public void Increment()
        {
            lock (_owner._gate)
            {
                _done++;
                _bar?.Increment(1);
            }
        }

        public async ValueTask DisposeAsync()
        {
            _ended.TrySetResult();
            await _display.ConfigureAwait(false);
        }
    }

    /// <summary>A writer whose complete lines are written through the live console, under the bar's lock.</summary>
    private sealed class ConsoleLineWriter(IAnsiConsole console, Lock gate) : TextWriter
    {
        private readonly StringBuilder _line = new();

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            lock (gate)
            {
                Append(value);
            }
        }

        // A string (and a line with its newline) is appended under one hold of the lock: character by character,
        // lines written from several threads interleaved and came out broken.
        public override void Write(string? value)
        {
            lock (gate)
            {
                foreach (var c in value ?? string.Empty)
                {
                    Append(c);
                }
            }
        }

        public override void WriteLine(string? value)
        {
            lock (gate)
            {
                foreach (var c in value ?? string.Empty)
                {
                    Append(c);
                }

                foreach (var c in CoreNewLine)
                {
                    Append(c);
                }
            }
        }

        private void Append(char value)
        {
            if (value == '\n')
            {
                console.Write(new Text(_line.ToString().TrimEnd('\r') + "\n"));
                _line.Clear();
            }
            else
            {
                _line.Append(value);
            }
        }

        public override Task WriteLineAsync(string? value)
        {
            WriteLine(value);
            return Task.CompletedTask;
        }

        public override Task WriteAsync(string? value)
        {
            Write(value);
            return Task.CompletedTask;
        }

        public override Task WriteLineAsync()
        {
            WriteLine();
            return Task.CompletedTask;
        }
    }
}
