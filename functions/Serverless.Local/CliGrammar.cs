using System.CommandLine;
using System.CommandLine.Parsing;

namespace Serverless.Local;

/// <summary>
/// The command-line grammar of every `serverless` command, for System.CommandLine: which options exist, which take
/// a value (<c>--name value</c> or <c>--name=value</c>), which are flags, which take several values
/// (<c>--source a.cs b.cs</c>), and which commands take positional arguments. System.CommandLine finds unknown
/// commands and options, <c>--help</c> anywhere on the line and <c>--version</c>; each command then reads the
/// option values it was handed in the normal form <c>--name value</c> and checks them, with messages naming the option.
/// </summary>
public static class CliGrammar
{
    /// <summary>The shape of one option's values.</summary>
    public enum Kind
    {
        /// <summary>No value: <c>--quiet</c>.</summary>
        Flag,

        /// <summary>One value per occurrence: <c>--out dir</c>, <c>--out=dir</c>.</summary>
        Value,

        /// <summary>One or more values per occurrence: <c>--source a.cs b.cs</c>.</summary>
        Values,
    }

    /// <summary>One option of a command, with the help line that describes it.</summary>
    public sealed record Spec(string Name, Kind Kind, string Description, params string[] Aliases);

    public const string HelpName = "--help";

    public const string VersionName = "--version";

    private static readonly Spec Trace = new("--trace", Kind.Value, "console|otlp|none: where spans go (default from SERVERLESS_TRACE / OTEL_EXPORTER_OTLP_ENDPOINT)");
    private static readonly Spec Storage = new("--storage", Kind.Value, "<connection string>|azurite: the durable engine (DTFx Azure Storage backend); without it the engine is in memory and not durable");
    private static readonly Spec TaskHub = new("--task-hub", Kind.Value, "NAME: the task hub on that storage");
    private static readonly Spec Assembly = new("--assembly", Kind.Values, "<path.dll>...: built assemblies holding [Splitable] functions (repeatable)");
    private static readonly Spec Source = new("--source", Kind.Values, "<file.cs>...: C# files compiled in memory with the splitter (repeatable)");
    private static readonly Spec Output = new("--output", Kind.Value, "text|json: json prints one JSON object on stdout (default text)");
    private static readonly Spec Url = new("--url", Kind.Value, "<api>: the running API, e.g. http://127.0.0.1:7071");
    private static readonly Spec Key = new("--key", Kind.Value, "<key>: the API's function key, when it needs one");

    /// <summary>Options of each command, by command name.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<Spec>> Options { get; } = new Dictionary<string, IReadOnlyList<Spec>>(StringComparer.Ordinal)
    {
        ["analyze"] =
        [
            new("--method", Kind.Value, "<Namespace.Type.Method>: only this method"),
            new("--indented", Kind.Flag, "indent the JSON"),
            Output,
        ],
        ["plan"] =
        [
            new("--algorithm", Kind.Value, "auto|exact|chain-dp|heuristic (default auto)", "-a"),
            Output,
        ],
        ["run"] =
        [
            new("--args", Kind.Value, "'<JSON object>': parameter name -> value"),
            Source,
            new("--direct", Kind.Flag, "call the original method, unsplit"),
            new("--local", Kind.Flag, "split in process, without the engine"),
            new("--units", Kind.Value, "every|one|plan: how units are formed"),
            new("--regions", Kind.Value, "<file.json>: the regions and network"),
            Storage,
            Trace,
            Output,
        ],
        ["serve"] =
        [
            new("--urls", Kind.Value, "where to listen (default http://127.0.0.1:7071; several separated by ';')"),
            Storage,
            TaskHub,
            new("--regions", Kind.Value, "<file.json>: the regions and network"),
            new("--local-workers", Kind.Value, "all|none|<region,...>: regions served in this process"),
            new("--autoscale", Kind.Value, "<min>-<max>: start and stop `serverless worker` processes per region within these bounds (needs --storage)"),
            Assembly,
            Source,
            Trace,
        ],
        ["worker"] =
        [
            new("--region", Kind.Value, "<name>: the region whose work queue this worker consumes"),
            Storage,
            TaskHub,
            new("--concurrency", Kind.Value, "N: units at once (1 to 1024)"),
            Assembly,
            Source,
        ],
        ["demo"] =
        [
            new("--out", Kind.Value, "<dir>: where the pictures go"),
            Storage,
            new("--quiet", Kind.Flag, "no live progress"),
            new("--only", Kind.Value, "<sample>[,<sample>...]: only these samples"),
            new("--time-scale", Kind.Value, "<x>: real ms per simulated ms (0 to 100)"),
            Trace,
            Output,
        ],
        ["submit"] =
        [
            Url,
            new("--function", Kind.Value, "<Namespace.Type.Method>: the function to run"),
            new("--args", Kind.Value, "<json object>: parameter name -> value"),
            new("--id", Kind.Value, "<id>: the execution id to use"),
            new("--wait", Kind.Flag, "wait until it ends; exit 3 unless it completed"),
            Key,
        ],
        ["status"] =
        [
            Url,
            new("--id", Kind.Value, "<execution id>: the id submit printed"),
            new("--wait", Kind.Flag, "wait until it ends; exit 3 unless it completed"),
            Key,
            Output,
        ],
        ["list"] =
        [
            Url,
            new("--status", Kind.Value, "Running,Completed,...: only these statuses"),
            new("--function", Kind.Value, "<id>: only this function"),
            new("--top", Kind.Value, "N: page size"),
            new("--all", Kind.Flag, "follow every page"),
            Key,
            Output,
        ],
        ["terminate"] =
        [
            Url,
            new("--id", Kind.Value, "<execution id>: the id submit printed"),
            new("--reason", Kind.Value, "<text>: recorded with the termination"),
            Key,
        ],
    };

    /// <summary>Commands that take positional arguments (files, a function name), with their help name.</summary>
    public static IReadOnlyDictionary<string, string> Positionals { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["analyze"] = "files",
        ["plan"] = "request",
        ["run"] = "function",
    };

    /// <summary>The System.CommandLine tree: the root with <c>--help</c> and <c>--version</c>, one sub-command per command.</summary>
    public static RootCommand Build(IReadOnlyList<ICliCommand> commands)
    {
        ArgumentNullException.ThrowIfNull(commands);
        var root = new RootCommand("serverless — split [Splitable] C# functions and run them across regions");
        root.Options.Clear();
        root.Options.Add(HelpOption());
        root.Options.Add(new Option<bool>(VersionName) { Arity = ArgumentArity.Zero, Description = "print the version" });
        foreach (var c in commands)
        {
            var command = new Command(c.Name, c.Summary);
            command.Options.Add(HelpOption());
            foreach (var spec in Options.TryGetValue(c.Name, out var specs) ? specs : [])
            {
                command.Options.Add(Build(spec));
            }

            if (Positionals.TryGetValue(c.Name, out var positional))
            {
                command.Arguments.Add(new Argument<string[]>(positional) { Arity = ArgumentArity.ZeroOrMore });
            }

            root.Subcommands.Add(command);
        }

        return root;
    }

    /// <summary>Parses like the shell hands it over: no response files (<c>@file</c> is a plain value), no bundling.</summary>
    public static ParseResult Parse(RootCommand root, IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(root);
        return root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null, EnablePosixBundling = false });
    }

    /// <summary>
    /// The command's arguments in the normal form its own parser reads: every option as <c>--name value...</c> (an
    /// inline <c>--name=value</c> split in two), in the order given.
    /// </summary>
    public static string[] Normalize(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var tokens = result.Tokens;
        var start = 0;
        for (var i = 0; i < tokens.Count; i++)
        {
            if (tokens[i].Type == TokenType.Command)
            {
                start = i + 1;
                break;
            }
        }

        return [.. tokens.Skip(start).Where(t => t.Type is TokenType.Option or TokenType.Argument).Select(t => t.Value)];
    }

    /// <summary>
    /// The first usage problem System.CommandLine found, as one message naming the option or command, with the
    /// nearest known name when the given one looks like a typo; null when there is none.
    /// </summary>
    public static string? Problem(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var command = result.CommandResult.Command;
        var known = command.Options.SelectMany(o => o.Aliases.Prepend(o.Name)).ToList();

        // Unknown options land in a command's positional argument; they are still unknown options.
        foreach (var argument in command.Arguments)
        {
            foreach (var token in result.GetResult(argument)?.Tokens ?? [])
            {
                if (LooksLikeOption(token.Value))
                {
                    return UnknownOption(token.Value, known);
                }
            }
        }

        foreach (var token in result.UnmatchedTokens)
        {
            return LooksLikeOption(token) ? UnknownOption(token, known) : $"unexpected argument '{token}'";
        }

        return result.Errors.Count > 0 ? result.Errors[0].Message : null;
    }

    /// <summary>The known name nearest to <paramref name="given"/> (at most 2 edits, or a prefix), or null.</summary>
    public static string? Nearest(string given, IEnumerable<string> known)
    {
        ArgumentNullException.ThrowIfNull(given);
        ArgumentNullException.ThrowIfNull(known);
        return known
            .Select(k => (Name: k, Distance: Distance(k, given)))
            .Where(k => k.Distance <= Math.Max(2, given.Length / 4) || (given.Length > 3 && k.Name.StartsWith(given, StringComparison.Ordinal)))
            .OrderBy(k => k.Distance)
            .Select(k => k.Name)
            .FirstOrDefault();
    }

    private static string UnknownOption(string token, IEnumerable<string> known)
    {
        var name = token.Split('=', 2)[0];
        var near = Nearest(name, known.Where(k => k != HelpName && k != "-h"));
        return $"unknown option '{name}'{(near is null ? string.Empty : $"; did you mean '{near}'?")}";
    }

    private static bool LooksLikeOption(string token)
        => token.StartsWith("--", StringComparison.Ordinal) ? token.Length > 2 : token.Length > 1 && token[0] == '-' && char.IsAsciiLetter(token[1]);

    private static Option<bool> HelpOption()
        => new(HelpName, "-h") { Arity = ArgumentArity.Zero, Description = "show this help" };

    private static Option Build(Spec spec)
        => spec.Kind switch
        {
            Kind.Flag => new Option<bool>(spec.Name, spec.Aliases) { Arity = ArgumentArity.Zero, Description = spec.Description },

            // A value may be missing or repeated here: the command's own parser names the option in its message.
            _ => new Option<string[]>(spec.Name, spec.Aliases)
            {
                Arity = ArgumentArity.ZeroOrMore,
                AllowMultipleArgumentsPerToken = spec.Kind == Kind.Values,
                Description = spec.Description,
            },
        };

    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }
        }

        return d[a.Length, b.Length];
    }
}
