using Serverless.Orchestrations.Ports;

namespace Serverless.Local.Provisioning;

/// <summary>
/// The embedded engine's provisioner: starts the region's worker pool through <see cref="IWorkerPoolHost"/> and keeps
/// the registry of virtual functions in memory. Idempotent: a second deployment of the same functions reports
/// <c>unchanged</c>.
/// </summary>
public sealed class LocalProvisioner : IProvisioner
{
    private readonly IWorkerPoolHost _pools;
    private readonly Dictionary<string, VirtualFunction> _registry = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public LocalProvisioner(IWorkerPoolHost pools) => _pools = pools;

    public async Task<RegionDeployment> DeployAsync(DeploymentRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var started = await _pools.EnsureWorkerPoolAsync(request.Region, cancellationToken).ConfigureAwait(false);
        var changed = false;
        lock (_gate)
        {
            foreach (var function in request.Functions)
            {
                if (!_registry.TryGetValue(function.Id, out var existing) || !existing.Equals(function))
                {
                    _registry[function.Id] = function;
                    changed = true;
                }
            }
        }

        var outcome = started ? "created" : changed ? "updated" : "unchanged";
        return new RegionDeployment(request.Region, $"work-{request.Region}", outcome, request.Functions);
    }

    public Task<IReadOnlyList<VirtualFunction>> ListAsync(string functionId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<VirtualFunction>>([.. _registry.Values.Where(v => v.FunctionId == functionId).OrderBy(v => v.Id, StringComparer.Ordinal)]);
        }
    }
}
