using Microsoft.DurableTask;
using Serverless.Orchestrations.Ports;

namespace Serverless.Orchestrations.Market;

/// <summary>Sets a region's instance count through <see cref="IProvisioner.ScaleAsync"/> after the autoscaler added or retired instances there.</summary>
public sealed class ScaleRegionActivity(IProvisioner provisioner) : TaskActivity<RegionScaleRequest, int>
{
    public override async Task<int> RunAsync(TaskActivityContext context, RegionScaleRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        await provisioner.ScaleAsync(input.Region, input.Instances).ConfigureAwait(false);
        return input.Instances;
    }
}
