namespace Serverless.Local.Provisioning;

/// <summary>What <see cref="WorkerProcessProvisioner"/> hands every `serverless worker` it starts, and its bounds.</summary>
public sealed record WorkerProcessOptions
{
    /// <summary>The shared storage (serve's, also when serve started Azurite itself).</summary>
    public required string ConnectionString { get; init; }

    public required string TaskHub { get; init; }

    /// <summary>Serve's `--assembly` files, so that workers run the same functions.</summary>
    public IReadOnlyList<string> Assemblies { get; init; } = [];

    /// <summary>Serve's `--source` files.</summary>
    public IReadOnlyList<string> Sources { get; init; } = [];

    /// <summary>Fewest worker processes per region (a smaller count asked for is raised to it).</summary>
    public int Min { get; init; }

    /// <summary>Most worker processes per region (a larger count asked for is lowered to it).</summary>
    public int Max { get; init; } = 1;

    /// <summary>How long a worker sent SIGTERM may take to hand its work back and exit before it is killed.</summary>
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromSeconds(20);
}
