namespace Serverless.Local.Commands;

/// <summary>
/// The options `serve` and `worker` share, because the processes of one engine must agree on them: `--storage`,
/// `--task-hub`, and the functions (`--assembly`, `--source`, each repeatable).
/// </summary>
public sealed class EngineProcessArgs
{
    public StorageOption? Storage { get; private set; }

    /// <summary>The task hub given, or null for <see cref="ServeSettings.DefaultTaskHub"/>.</summary>
    public string? TaskHub { get; private set; }

    public List<string> Assemblies { get; } = [];

    public List<string> Sources { get; } = [];

    /// <summary>Reads the option at <paramref name="i"/> (and its values) when it is one of these; false otherwise.</summary>
    public bool TryRead(IReadOnlyList<string> args, ref int i)
    {
        ArgumentNullException.ThrowIfNull(args);
        var value = i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[i + 1] : null;
        switch (args[i])
        {
            case "--storage":
                Storage = StorageOption.Parse(value);
                i++;
                return true;
            case "--task-hub":
                TaskHub = TaskHubOption.Parse(value);
                i++;
                return true;
            case "--assembly":
                FunctionSources.ReadValues(args, ref i, Assemblies);
                return true;
            case "--source":
                FunctionSources.ReadValues(args, ref i, Sources);
                return true;
            default:
                return false;
        }
    }
}
