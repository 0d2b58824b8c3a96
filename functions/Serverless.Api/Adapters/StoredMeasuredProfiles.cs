using Serverless.Api.Planning;
using Serverless.Orchestrations.Ports;
using Serverless.Orchestrations.Profiles;

namespace Serverless.Api.Adapters;

/// <summary>Measured profiles read from the engine's state store (the store the regional workers report into).</summary>
public sealed class StoredMeasuredProfiles(IStateStore store) : IMeasuredProfiles
{
    public async Task<FunctionProfile?> FindAsync(string functionId, CancellationToken cancellationToken = default)
    {
        var profiles = new ProfileStore(store);
        var profile = await profiles.GetAsync(functionId, cancellationToken).ConfigureAwait(false);
        return profile.SegmentWorkMs.Count == 0 && profile.VariableBytes.Count == 0 ? null : profile;
    }
}
