using Serverless.Orchestrations.Ports;

namespace Serverless.Local.Serve;

/// <summary>
/// The serve engine's worker pools behind <see cref="IWorkerPoolHost"/>: one regional worker per region, started on
/// demand, for the regions `--local-workers` lets this process run (the others belong to worker processes).
/// </summary>
public sealed class EmbeddedWorkerPools : IWorkerPoolHost
{
    private readonly EngineHost _host;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public EmbeddedWorkerPools(EngineHost host) => _host = host;

    public async Task<bool> EnsureWorkerPoolAsync(string region, CancellationToken cancellationToken = default)
    {
        var engine = await _host.GetAsync(cancellationToken).ConfigureAwait(false);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_host.RunsLocally(region) || engine.WorkerCount(region) > 0)
            {
                return false;
            }

            await engine.AddWorkerAsync(region, cancellationToken).ConfigureAwait(false);
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }
}
