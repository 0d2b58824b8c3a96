using System.Text.Json;
using System.Text.Json.Nodes;

namespace Serverless.Local.Commands.Remote;

/// <summary>`serverless submit --url &lt;api&gt; --function &lt;id&gt; [--args &lt;json&gt;] [--id &lt;id&gt;] [--wait]`.</summary>
public sealed class SubmitCommand : RemoteCommand
{
    public override string Name => "submit";

    public override string Summary => "start an execution on a running API (--wait: until it ends, then print it)";

    public override string Usage => "serverless submit --url <api> --function <Namespace.Type.Method> [--args <json object>] [--id <id>] [--wait] [--key <key>]";

    protected override IReadOnlyDictionary<string, bool> Options { get; } = new Dictionary<string, bool> { ["--function"] = false, ["--args"] = false, ["--id"] = false, ["--wait"] = true };

    protected override async Task<int> RunAsync(RemoteApi api, IReadOnlyDictionary<string, string> options, TextWriter stdout)
    {
        var function = Require(options, "--function", "the function to run, as Namespace.Type.Method");
        JsonNode? arguments;
        try
        {
            arguments = JsonNode.Parse(options.GetValueOrDefault("--args") ?? "{}");
        }
        catch (JsonException ex)
        {
            throw new UsageException($"--args is not JSON: {ex.Message}");
        }

        if (arguments is not JsonObject)
        {
            throw new UsageException("--args must be a JSON object with one member per parameter, such as '{\"a\":1}'");
        }

        var body = new JsonObject { ["function"] = function, ["arguments"] = arguments };
        if (options.TryGetValue("--id", out var id))
        {
            body["id"] = id;
        }

        var (_, answer) = await api.SendAsync(HttpMethod.Post, "execution/submit", body.ToJsonString()).ConfigureAwait(false);
        if (!options.ContainsKey("--wait"))
        {
            await WriteAsync(stdout, answer).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        return await WaitAsync(api, answer!.Value.GetProperty("id").GetString()!, stdout).ConfigureAwait(false);
    }
}

/// <summary>`serverless status --url &lt;api&gt; --id &lt;id&gt; [--wait]`.</summary>
public sealed class StatusCommand : RemoteCommand
{
    public override string Name => "status";

    public override string Summary => "print an execution's status, progress and result (--wait: until it ends)";

    public override string Usage => "serverless status --url <api> --id <execution id> [--wait] [--key <key>] [--output text|json]";

    protected override IReadOnlyDictionary<string, bool> Options { get; } = new Dictionary<string, bool> { ["--id"] = false, ["--wait"] = true };

    protected override async Task<int> RunAsync(RemoteApi api, IReadOnlyDictionary<string, string> options, TextWriter stdout)
    {
        var id = Require(options, "--id", "the execution id submit printed");
        if (options.ContainsKey("--wait"))
        {
            return await WaitAsync(api, id, stdout).ConfigureAwait(false);
        }

        var (_, body) = await api.SendAsync(HttpMethod.Get, $"execution/{Uri.EscapeDataString(id)}").ConfigureAwait(false);
        await WriteAsync(stdout, body).ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}

/// <summary>`serverless list --url &lt;api&gt; [--status &lt;names&gt;] [--function &lt;id&gt;] [--top N] [--all]`.</summary>
public sealed class ListCommand : RemoteCommand
{
    public override string Name => "list";

    public override string Summary => "list executions on a running API (filters as GET /api/executions; --all follows every page)";

    public override string Usage => "serverless list --url <api> [--status Running,Completed,...] [--function <id>] [--top N] [--all] [--key <key>] [--output text|json]";

    protected override IReadOnlyDictionary<string, bool> Options { get; } = new Dictionary<string, bool> { ["--status"] = false, ["--function"] = false, ["--top"] = false, ["--all"] = true, [OutputFormat.Option] = false };

    protected override async Task<int> RunAsync(RemoteApi api, IReadOnlyDictionary<string, string> options, TextWriter stdout)
    {
        var query = new List<string>();
        foreach (var (option, parameter) in new[] { ("--status", "runtimeStatus"), ("--function", "function"), ("--top", "top") })
        {
            if (options.TryGetValue(option, out var v))
            {
                query.Add($"{parameter}={Uri.EscapeDataString(v)}");
            }
        }

        var path = "executions" + (query.Count == 0 ? string.Empty : "?" + string.Join('&', query));
        var all = new JsonArray();
        string? token = null;
        do
        {
            var (page, next) = await api.ListPageAsync(path, token).ConfigureAwait(false);
            foreach (var item in page)
            {
                all.Add(JsonNode.Parse(item.GetRawText()));
            }

            token = next;
        }
        while (token is not null && options.ContainsKey("--all"));

        JsonNode answer = options.ContainsKey(OutputFormat.Option) ? new JsonObject { ["executions"] = all } : all;
        await stdout.WriteLineAsync(answer.ToJsonString(new JsonSerializerOptions { WriteIndented = true })).ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}

/// <summary>`serverless terminate --url &lt;api&gt; --id &lt;id&gt; [--reason text]`.</summary>
public sealed class TerminateCommand : RemoteCommand
{
    public override string Name => "terminate";

    public override string Summary => "terminate a running execution on a running API (its state is deleted)";

    public override string Usage => "serverless terminate --url <api> --id <execution id> [--reason <text>] [--key <key>]";

    protected override IReadOnlyDictionary<string, bool> Options { get; } = new Dictionary<string, bool> { ["--id"] = false, ["--reason"] = false };

    protected override async Task<int> RunAsync(RemoteApi api, IReadOnlyDictionary<string, string> options, TextWriter stdout)
    {
        var id = Require(options, "--id", "the execution id submit printed");
        var reason = options.TryGetValue("--reason", out var r) ? "?reason=" + Uri.EscapeDataString(r) : string.Empty;
        var (_, body) = await api.SendAsync(HttpMethod.Post, $"execution/{Uri.EscapeDataString(id)}/terminate{reason}").ConfigureAwait(false);
        await WriteAsync(stdout, body).ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}
