using DurableTask.Core;

namespace Serverless.Local.Backends;

/// <summary>
/// A DurableTask.Core storage backend for <see cref="SidecarHost"/>: the service its dispatchers poll and the client
/// its management calls use. Disposing it deletes what it created (task hub, emulator it started).
/// </summary>
public interface IDurableBackend : IAsyncDisposable
{
    /// <summary>A short name for reports ("in-memory", "dtfx-azurite").</summary>
    string Name { get; }

    /// <summary>Where the state lives, in words (for benchmark output).</summary>
    string Description { get; }

    IOrchestrationService Service { get; }

    IOrchestrationServiceClient Client { get; }
}
