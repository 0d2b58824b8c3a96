using Serverless.Local.Serve;
using Serverless.Orchestrations.Dispatch;

namespace Serverless.Local.Commands;

/// <summary>Options of `serverless serve`: listen URLs, optional `--storage` and task hub, local workers, functions, regions, API key.</summary>
public sealed record ServeSettings
{
    /// <summary>The task hub `serve` and `worker` share on a storage account unless `--task-hub` names another.</summary>
    public const string DefaultTaskHub = "serverless";

    public string Urls { get; init; } = ServeCommand.DefaultUrls;

    /// <summary>
    /// `--storage`: opened by <see cref="ServeCommand.RunAsync"/> into the <see cref="StorageSession"/> the app uses;
    /// the engine then runs on the DTFx Azure Storage backend (durable), else on the in-memory one (not durable).
    /// </summary>
    public StorageOption? Storage { get; init; }

    /// <summary>`--task-hub`: names the DTFx task hub and prefixes the engine's queues (`{hub}-work-{region}`).</summary>
    public string TaskHub { get; init; } = DefaultTaskHub;

    /// <summary>`--local-workers all|none|&lt;region,...&gt;`: the regions whose units this process runs itself.</summary>
    public LocalWorkers LocalWorkers { get; init; } = LocalWorkers.All;

    /// <summary>
    /// `--autoscale &lt;min&gt;-&lt;max&gt;`: serve starts and stops `serverless worker` processes for each region it does not
    /// run itself, within these bounds, as the autoscaler decides (null: no worker processes of its own).
    /// </summary>
    public AutoscaleOption? Autoscale { get; init; }

    /// <summary>`--assembly`: built assemblies holding the [Splitable] functions to serve.</summary>
    public IReadOnlyList<string> Assemblies { get; init; } = [];

    /// <summary>`--source`: C# files compiled in memory holding the [Splitable] functions to serve.</summary>
    public IReadOnlyList<string> Sources { get; init; } = [];

    /// <summary>`--regions`: the origin, regions and network (default: the built-in three regions).</summary>
    public string? RegionsFile { get; init; }

    public string? ApiKey { get; init; }

    /// <summary>
    /// How long an ended execution (its variables and its task hub instance) is kept before serve's retention sweep
    /// purges it: <c>Serverless__StateRetentionMinutes</c> (0 to 525600, default 60), as for the Functions app.
    /// </summary>
    public TimeSpan StateRetention { get; init; } = TimeSpan.FromMinutes(DefaultStateRetentionMinutes);

    /// <summary>
    /// What the dispatch activity does with a unit whose virtual function is not in the function registry for its region
    /// at the served package version: <c>Serverless__Dispatch__Undeployed</c> (dispatch, fail or deploy; default deploy,
    /// through serve's local provisioner), as for the Functions app (which has a provisioner where Bicep deploys it).
    /// </summary>
    public UndeployedUnits Undeployed { get; init; } = DeploymentCheck.DefaultFor(hasProvisioner: true);

    /// <summary>The retention when <c>Serverless__StateRetentionMinutes</c> is not set.</summary>
    public const int DefaultStateRetentionMinutes = 60;
}
