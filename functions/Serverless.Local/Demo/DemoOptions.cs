namespace Serverless.Local.Demo;

/// <summary>Settings of one demo run: where pictures go, which storage backs the engine, how much to print.</summary>
internal sealed record DemoOptions
{
    public string OutputDirectory { get; init; } = "demo-output";

    /// <summary>null: in-memory state and queues; otherwise `--storage` (Azurite started here, or a connection string).</summary>
    public Commands.StorageOption? Storage { get; init; }

    public bool Quiet { get; init; }

    /// <summary>`--output json`: the measurements as one JSON object on stdout, the text report on stderr.</summary>
    public bool Json { get; init; }

    /// <summary>Real milliseconds per simulated millisecond of network and compute.</summary>
    public double TimeScale { get; init; } = 1.0;

    /// <summary>Only the samples whose function id contains one of these (all when empty).</summary>
    public IReadOnlyList<string> Only { get; init; } = [];
}
