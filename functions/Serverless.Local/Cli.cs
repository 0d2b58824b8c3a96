using Serverless.Local.Telemetry;

namespace Serverless.Local;

/// <summary>
/// Entry point of the `serverless` CLI. Exit codes: 0 success, 2 usage error or unreadable input (message on
/// stderr), 3 the called function threw (run), 1 only for a bug.
/// </summary>
public static class Cli
{
    /// <summary>All commands, in the order `--help` lists them. Add a command here and in Commands/.</summary>
    public static IReadOnlyList<ICliCommand> Commands { get; } =
    [
        new Commands.AnalyzeCommand(),
        new Commands.PlanCommand(),
        new Commands.RunCommand(),
        new Commands.ServeCommand(),
        new Commands.WorkerCommand(),
        new Commands.DemoCommand(),
        new Commands.Remote.SubmitCommand(),
        new Commands.Remote.StatusCommand(),
        new Commands.Remote.ListCommand(),
        new Commands.Remote.TerminateCommand(),
    ];

    /// <summary>Commands that run executions and so take <c>--trace</c> (see <see cref="TraceSettings"/>).</summary>
    public static IReadOnlySet<string> TracedCommands { get; } = new HashSet<string>(StringComparer.Ordinal) { "run", "serve", "demo" };

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length == 0 || args[0] is "--help" or "-h" or "help")
        {
            await stdout.WriteAsync(Usage()).ConfigureAwait(false);
            return args.Length == 0 ? ExitCodes.Usage : ExitCodes.Ok;
        }

        if (args is ["--version"])
        {
            await stdout.WriteLineAsync("serverless " + Version).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        var command = Commands.FirstOrDefault(c => string.Equals(c.Name, args[0], StringComparison.Ordinal));
        if (command is null)
        {
            await stderr.WriteLineAsync($"serverless: unknown command '{args[0]}'. Run 'serverless --help' for the list of commands.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        var rest = args[1..];
        if (rest.Length == 1 && rest[0] is "--help" or "-h")
        {
            await stdout.WriteLineAsync(command.Usage).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        try
        {
            var tracing = TraceSettings.Off;
            if (TracedCommands.Contains(command.Name))
            {
                (tracing, rest) = TraceSettings.Extract(rest, Environment.GetEnvironmentVariable);
            }

            using var tracer = CliTracing.Start(tracing, stderr);
            return await command.RunAsync(rest, stdout, stderr).ConfigureAwait(false);
        }
        catch (UsageException ex)
        {
            await stderr.WriteLineAsync($"serverless {command.Name}: {ex.Message}").ConfigureAwait(false);
            await stderr.WriteLineAsync($"usage: {command.Usage}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (Exception ex)
        {
            await stderr.WriteLineAsync($"serverless {command.Name}: internal error: {ex.GetType().Name}: {ex.Message}").ConfigureAwait(false);
            await stderr.WriteLineAsync("This is a bug in serverless; please report it with the command line you ran.").ConfigureAwait(false);
            return ExitCodes.Bug;
        }
    }

    /// <summary>The tool's version (the package version, without the source revision suffix).</summary>
    public static string Version { get; } =
        (typeof(Cli).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false) is [System.Reflection.AssemblyInformationalVersionAttribute a, ..]
            ? a.InformationalVersion.Split('+')[0]
            : typeof(Cli).Assembly.GetName().Version?.ToString()) ?? "unknown";

    public static string Usage()
    {
        var sb = new System.Text.StringBuilder();
        sb.AppendLine("serverless — split [Splitable] C# functions and run them across regions");
        sb.AppendLine();
        sb.AppendLine("usage: serverless <command> [options]");
        sb.AppendLine();
        sb.AppendLine("commands:");
        foreach (var c in Commands)
        {
            sb.Append("  ").Append(c.Name.PadRight(10)).AppendLine(c.Summary);
        }

        sb.AppendLine();
        sb.AppendLine("Run 'serverless <command> --help' for a command's options, 'serverless --version' for the version.");
        sb.AppendLine();
        sb.AppendLine("engines: `serve --storage` (with `worker` processes) runs on the durable DTFx Azure Storage backend;");
        sb.AppendLine("  run, demo and serve without --storage run in memory: NOT durable, executions in flight die with the process.");
        sb.AppendLine();
        sb.AppendLine("tracing (run, serve, demo): off by default.");
        sb.AppendLine($"  {TraceSettings.Option} console   spans (plan, auction, dispatch, unit, complete) on stderr, one line each");
        sb.AppendLine($"  {TraceSettings.Option} otlp      spans by OTLP, configured by the OTEL_EXPORTER_OTLP_* variables");
        sb.AppendLine($"  {TraceSettings.Option} none      no tracing, whatever the environment says");
        sb.AppendLine($"  without {TraceSettings.Option}: {TraceSettings.Variable}=console|otlp|none, else otlp when {TraceSettings.OtlpEndpointVariable} is set.");
        return sb.ToString();
    }
}
