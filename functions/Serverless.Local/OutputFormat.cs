namespace Serverless.Local;

/// <summary>
/// <c>--output text|json</c> of the commands that print a report (default text). json is one JSON object on stdout;
/// analyze, plan, run and status print one already, list wraps its array as <c>{"executions":[…]}</c>, and demo prints
/// its measurements (its text report then goes to stderr).
/// </summary>
public static class OutputFormat
{
    public const string Option = "--output";

    /// <summary>The commands that take <c>--output</c>.</summary>
    public static IReadOnlySet<string> Commands { get; } = new HashSet<string>(StringComparer.Ordinal) { "analyze", "plan", "run", "demo", "status", "list" };

    /// <summary>Whether <c>--output json</c> was asked for, and the arguments without the option; a usage error naming it for a bad value.</summary>
    public static (bool Json, string[] Remaining) Extract(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        string? value = null;
        var rest = new List<string>(args.Count);
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] != Option)
            {
                rest.Add(args[i]);
                continue;
            }

            if (value is not null)
            {
                throw new UsageException($"{Option} may be given once");
            }

            value = i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : throw new UsageException($"{Option} needs a value: text or json");
            if (value is not ("text" or "json"))
            {
                throw new UsageException($"{Option} must be text or json (got '{value}')");
            }
        }

        return (value == "json", [.. rest]);
    }
}
