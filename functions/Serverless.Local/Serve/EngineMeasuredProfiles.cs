using Serverless.Api.Adapters;
using Serverless.Api.Planning;
using Serverless.Orchestrations.Profiles;

namespace Serverless.Local.Serve;

/// <summary>
/// The profiles the embedded engine recorded in its state store; none while the engine is not running (planning then
/// uses the static estimates instead of waiting for it).
/// </summary>
internal sealed class EngineMeasuredProfiles(EngineHost host) : IMeasuredProfiles
{
    public Task<FunctionProfile?> FindAsync(string functionId, CancellationToken cancellationToken = default)
        => host.Running is { } engine
            ? new StoredMeasuredProfiles(engine.Store).FindAsync(functionId, cancellationToken)
            : Task.FromResult<FunctionProfile?>(null);
}
