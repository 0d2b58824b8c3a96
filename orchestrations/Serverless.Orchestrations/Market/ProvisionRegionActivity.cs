using Microsoft.DurableTask;
using Serverless.Orchestrations.Ports;

namespace Serverless.Orchestrations.Market;

/// <summary>Makes sure a region's app is deployed before the autoscaler adds instances there (idempotent; <see cref="IProvisioner"/>).</summary>
public sealed class ProvisionRegionActivity(IProvisioner provisioner) : TaskActivity<string, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, string input)
    {
        ArgumentException.ThrowIfNullOrEmpty(input);
        await provisioner.DeployAsync(new DeploymentRequest(input, [])).ConfigureAwait(false);
        return true;
    }
}
