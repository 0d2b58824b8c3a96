using Serverless.Local.Telemetry;

namespace Serverless.Local;

/// <summary>
/// Entry point of the `serverless` CLI. System.CommandLine parses the line against <see cref="CliGrammar"/> (help
/// anywhere, --version, --name=value, typo suggestions); each command then checks its values. Exit codes: 0 success,
/// 2 usage error or unreadable input (message on stderr), 3 the called function threw (run), 1 only for a bug.
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
    private static readonly System.CommandLine.RootCommand Grammar = CliGrammar.Build(Commands);

    public static IReadOnlySet<string> TracedCommands { get; } = new HashSet<string>(StringComparer.Ordinal) { "run", "serve", "demo" };

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (args.Length == 0 || args[0] == "help")
        {
            var topic = args.Length > 1 ? Commands.FirstOrDefault(c => c.Name == args[1]) : null;
            await stdout.WriteAsync(topic is null ? Usage() : Help(topic)).ConfigureAwait(false);
            return args.Length == 0 ? ExitCodes.Usage : ExitCodes.Ok;
        }

        if (!args[0].StartsWith('-') && !Commands.Any(c => c.Name == args[0]))
        {
            var near = CliGrammar.Nearest(args[0], Commands.Select(c => c.Name));
            await stderr.WriteLineAsync($"serverless: unknown command '{args[0]}'{(near is null ? "." : $"; did you mean '{near}'?")} Run 'serverless --help' for the list of commands.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        var parsed = CliGrammar.Parse(Grammar, args);
        var scl = parsed.CommandResult.Command;
        var command = Commands.FirstOrDefault(c => string.Equals(c.Name, scl.Name, StringComparison.Ordinal) && scl is not System.CommandLine.RootCommand);
        if (parsed.CommandResult.Children.OfType<System.CommandLine.Parsing.OptionResult>().Any(o => !o.Implicit && o.Option.Name == CliGrammar.HelpName))
        {
            await stdout.WriteAsync(command is null ? Usage() : Help(command)).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        if (command is null && args is [CliGrammar.VersionName])
        {
            await stdout.WriteLineAsync("serverless " + Version).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        if (CliGrammar.Problem(parsed) is { } problem)
        {
            await stderr.WriteLineAsync($"serverless{(command is null ? string.Empty : " " + command.Name)}: {problem}").ConfigureAwait(false);
            await stderr.WriteLineAsync(command is null ? "usage: serverless <command> [options]" : $"usage: {command.Usage}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        if (command is null)
        {
            await stdout.WriteAsync(Usage()).ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        var rest = CliGrammar.Normalize(parsed);
        try
        {
            var tracing = TraceSettings.Off;
            if (TracedCommands.Contains(command.Name))
            {
                (tracing, rest) = TraceSettings.Extract(rest, Environment.GetEnvironmentVariable);
            }

            if (OutputFormat.Commands.Contains(command.Name))
            {
                bool json;
                (json, rest) = OutputFormat.Extract(rest);
                if (json && command.Name is "demo" or "list")
                {
                    rest = [.. rest, OutputFormat.Option, "json"];
                }
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

    /// <summary>A command's help: its usage line, then each option with what it does.</summary>
    public static string Help(ICliCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var sb = new System.Text.StringBuilder();
        sb.AppendLine(command.Usage);
        sb.AppendLine();
        sb.AppendLine(command.Summary);
        sb.AppendLine();
        sb.AppendLine("options (--name value or --name=value):");
        foreach (var spec in CliGrammar.Options.TryGetValue(command.Name, out var specs) ? specs : [])
        {
            var names = string.Join(", ", spec.Aliases.Append(spec.Name));
            sb.Append("  ").Append(names.PadRight(18)).Append(' ').AppendLine(spec.Description);
        }

        sb.Append("  ").Append("-h, --help".PadRight(18)).Append(' ').AppendLine("show this help");
        return sb.ToString();
    }

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
        sb.AppendLine("Run 'serverless <command> --help' (or -h, anywhere on the line) for a command's options,");
        sb.AppendLine("'serverless --version' for the version. Options take '--name value' or '--name=value'.");
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
