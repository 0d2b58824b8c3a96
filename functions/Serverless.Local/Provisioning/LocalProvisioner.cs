using Serverless.Orchestrations.Ports;

namespace Serverless.Local.Provisioning;

/// <summary>
/// The embedded engine's provisioner: starts the region's worker pool through <see cref="IWorkerPoolHost"/> and keeps
/// the registry of virtual functions in memory. Idempotent: a second deployment of the same functions reports
/// <c>unchanged</c>. <see cref="ScaleAsync"/> records the instance count the autoscaler asked for per region (the
/// embedded engine's worker pool serves every instance of a region; <see cref="Scale"/> reports the count).
/// </summary>
public sealed class LocalProvisioner : IProvisioner
{
    private readonly IWorkerPoolHost _pools;
    private readonly Dictionary<string, VirtualFunction> _registry = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _scale = new(StringComparer.Ordinal);
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

    public async Task ScaleAsync(string region, int instances, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(region);
        if (instances < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(instances), instances, $"The instance count for region {region} must be 0 or more.");
        }

        // A region scaled above zero needs its worker pool running.
        if (instances > 0)
        {
            await _pools.EnsureWorkerPoolAsync(region, cancellationToken).ConfigureAwait(false);
        }

        lock (_gate)
        {
            _scale[region] = instances;
        }
    }

    /// <summary>The instance count last set for <paramref name="region"/> (null: never scaled).</summary>
    public int? Scale(string region)
    {
        lock (_gate)
        {
            return _scale.TryGetValue(region, out var n) ? n : null;
        }
    }
}
