namespace Serverless.Orchestrations.Ports;

/// <summary>
/// Makes sure sub-components of a function can run as virtual functions in a region: on Azure by deploying or updating
/// the regional app from the compiled Bicep template (ARM), locally by starting the region's worker pool. Idempotent:
/// deploying the same functions to the same region again changes nothing and returns the same identifiers. The
/// autoscaler sets a region's instance count through <see cref="ScaleAsync"/>.
/// </summary>
public interface IProvisioner
{
    /// <summary>Deploys (or confirms) the region and registers the given virtual functions there.</summary>
    Task<RegionDeployment> DeployAsync(DeploymentRequest request, CancellationToken cancellationToken = default);

    /// <summary>The virtual functions registered for a function, in every region.</summary>
    Task<IReadOnlyList<VirtualFunction>> ListAsync(string functionId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sets how many instances a deployed region keeps ready (the autoscaler's decision): on Azure the regional app's
    /// always-ready instance count on its Flex Consumption plan, locally the region's recorded pool size. Idempotent.
    /// </summary>
    Task ScaleAsync(string region, int instances, CancellationToken cancellationToken = default);
}
