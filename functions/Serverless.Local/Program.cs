using Serverless.Local.Engine;

namespace Serverless.Local;

internal static class Program
{
    /// <summary>Commands that host the embedded Durable Task engine (see <see cref="ProcessorCountGuard"/>).</summary>
    private static readonly HashSet<string> EngineCommands = new(StringComparer.Ordinal) { "run", "serve", "demo" };

    public static async Task<int> Main(string[] args)
    {
        ProcessorCountGuard.WatchParent();
        if (args.Length > 0 && EngineCommands.Contains(args[0]) && !args.Any(a => a is "--help" or "-h")
            && await ProcessorCountGuard.TryReexecuteAsync(args).ConfigureAwait(false) is { } exitCode)
        {
            return exitCode;
        }

        return await Cli.RunAsync(args, Console.Out, Console.Error).ConfigureAwait(false);
    }
}
