namespace Serverless.Orchestrations.Ports;

/// <summary>
/// Implemented by the embedded engine: starts the worker pool that consumes a region's work queue
/// (<c>work-{region}</c>) if it is not running yet. The local provisioner calls it when a function is deployed.
/// </summary>
public interface IWorkerPoolHost
{
    /// <summary>Starts the region's worker pool; true when it was started now, false when it was already running.</summary>
    Task<bool> EnsureWorkerPoolAsync(string region, CancellationToken cancellationToken = default);
}
