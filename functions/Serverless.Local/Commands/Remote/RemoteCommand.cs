using System.Text.Json;

namespace Serverless.Local.Commands.Remote;

/// <summary>
/// The remote commands (<c>submit</c>, <c>status</c>, <c>list</c>, <c>terminate</c>): like the Durable Functions and
/// Temporal CLIs, they drive a running API and print its JSON answers on stdout. Options are <c>--name value</c> or
/// <c>--name=value</c>; every command takes <c>--url</c> and <c>--key</c>. Exit 0 on success, 2 for bad options or a
/// refused request (the server's problem on stderr), 3 when a waited-for execution failed or was terminated.
/// </summary>
public abstract class RemoteCommand : ICliCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public abstract string Name { get; }

    public abstract string Summary { get; }

    public abstract string Usage { get; }

    /// <summary>The options this command takes besides <c>--url</c> and <c>--key</c>; a flag takes no value.</summary>
    protected abstract IReadOnlyDictionary<string, bool> Options { get; }

    public async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var values = Parse(args);
        using var api = RemoteApi.Open(values.GetValueOrDefault("--url"), values.GetValueOrDefault("--key"));
        try
        {
            return await RunAsync(api, values, stdout).ConfigureAwait(false);
        }
        catch (RemoteProblemException ex)
        {
            await stderr.WriteLineAsync($"serverless {Name}: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
    }

    /// <summary>Runs the command against <paramref name="api"/> with the parsed options.</summary>
    protected abstract Task<int> RunAsync(RemoteApi api, IReadOnlyDictionary<string, string> options, TextWriter stdout);

    /// <summary>Writes a JSON answer, indented, on stdout.</summary>
    protected static Task WriteAsync(TextWriter stdout, JsonElement? body)
        => stdout.WriteLineAsync(body is { } b ? JsonSerializer.Serialize(b, Indented) : "null");

    /// <summary>The value of a required option, or a usage error naming it.</summary>
    protected static string Require(IReadOnlyDictionary<string, string> options, string name, string what)
        => options.TryGetValue(name, out var v) && v.Length > 0 ? v : throw new UsageException($"{name} is required: {what}");

    /// <summary>Polls the execution until it has ended (200); prints it; exit 3 unless it completed.</summary>
    protected static async Task<int> WaitAsync(RemoteApi api, string id, TextWriter stdout)
    {
        ArgumentNullException.ThrowIfNull(api);
        var delay = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            var (status, body) = await api.SendAsync(HttpMethod.Get, $"execution/{Uri.EscapeDataString(id)}").ConfigureAwait(false);
            if (status == System.Net.HttpStatusCode.OK)
            {
                await WriteAsync(stdout, body).ConfigureAwait(false);
                return body is { } b && b.TryGetProperty("runtimeStatus", out var s) && s.GetString() == "Completed" ? ExitCodes.Ok : ExitCodes.FunctionFailed;
            }

            await Task.Delay(delay).ConfigureAwait(false);
            delay = TimeSpan.FromMilliseconds(Math.Min(2000, delay.TotalMilliseconds * 1.5));
        }
    }

    private Dictionary<string, string> Parse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var known = new Dictionary<string, bool>(Options, StringComparer.Ordinal) { ["--url"] = false, ["--key"] = false };
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            var (name, inline) = args[i].IndexOf('=', StringComparison.Ordinal) is var eq and > 0 && args[i].StartsWith("--", StringComparison.Ordinal)
                ? (args[i][..eq], args[i][(eq + 1)..])
                : (args[i], null);
            if (!known.TryGetValue(name, out var flag))
            {
                var close = CliGrammar.Nearest(name, known.Keys);
                throw new UsageException($"unknown option '{name}'{(close is null ? string.Empty : $"; did you mean '{close}'?")}");
            }

            if (values.ContainsKey(name))
            {
                throw new UsageException($"{name} is given twice");
            }

            if (flag)
            {
                values[name] = inline ?? "true";
                continue;
            }

            var value = inline ?? (i + 1 < args.Length ? args[++i] : null);
            values[name] = value ?? throw new UsageException($"{name} needs a value");
        }

        return values;
    }
}
