using System.Text.Json;
using Serverless.Planning;
using Serverless.Planning.Model;

namespace Serverless.Local.Commands;

/// <summary>
/// `serverless plan &lt;request.json&gt; [--algorithm auto|exact|chain-dp|heuristic]`: plans one call and prints the plan
/// JSON. Exit 2 with a message naming the field for invalid requests, or the constraint that cannot be met.
/// </summary>
public sealed class PlanCommand : ICliCommand
{
    private static readonly PlanningJsonContext Indented = new(new JsonSerializerOptions(PlanningJsonContext.Default.Options) { WriteIndented = true });

    public string Name => "plan";

    public string Summary => "choose split points and regions for one call and print the plan (cost, makespan, objective)";

    public string Usage => "serverless plan <request.json|-> [--algorithm auto|exact|chain-dp|heuristic] [--output text|json]";

    public async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        string? path = null;
        var algorithm = PlanAlgorithms.Auto;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "--algorithm" or "-a")
            {
                if (i + 1 >= args.Length)
                {
                    throw new UsageException("--algorithm needs a value: auto, exact, chain-dp or heuristic");
                }

                algorithm = args[++i];
                if (algorithm is not (PlanAlgorithms.Auto or PlanAlgorithms.Exact or PlanAlgorithms.ChainDp or PlanAlgorithms.Heuristic))
                {
                    throw new UsageException($"unknown algorithm '{algorithm}'; choose auto, exact, chain-dp or heuristic");
                }
            }
            else if (args[i].StartsWith('-') && args[i] != "-")
            {
                throw new UsageException($"unknown option '{args[i]}'");
            }
            else if (path is null)
            {
                path = args[i];
            }
            else
            {
                throw new UsageException($"expected one request file, got '{path}' and '{args[i]}'");
            }
        }

        if (path is null)
        {
            throw new UsageException("give the request file (JSON; see the plan request format in the README), or - for stdin");
        }

        string json;
        try
        {
            json = path == "-" ? await Console.In.ReadToEndAsync().ConfigureAwait(false) : await File.ReadAllTextAsync(path).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot read '{path}': {ex.Message}");
        }

        PlanRequest? request;
        try
        {
            request = JsonSerializer.Deserialize(json, PlanningJsonContext.Default.PlanRequest);
        }
        catch (JsonException ex)
        {
            var where = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "" : $" at {ex.Path.TrimStart('$', '.')}";
            await stderr.WriteLineAsync($"serverless plan: {path}: invalid request{where}: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        try
        {
            var plan = Planner.Plan(request!, algorithm);
            await stdout.WriteLineAsync(JsonSerializer.Serialize(plan, Indented.Plan)).ConfigureAwait(false);
            return ExitCodes.Ok;
        }
        catch (PlanningException ex)
        {
            await stderr.WriteLineAsync($"serverless plan: {path}: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
    }
}
