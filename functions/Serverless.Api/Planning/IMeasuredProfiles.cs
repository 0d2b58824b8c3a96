using Serverless.Orchestrations.Profiles;

namespace Serverless.Api.Planning;

/// <summary>
/// Where the planner finds what earlier executions of a function measured (work per segment, size per variable):
/// the moving averages the engine's <c>RecordProfilesActivity</c> keeps. Null when nothing has been measured yet.
/// </summary>
public interface IMeasuredProfiles
{
    /// <summary>The function's measured profile, or null when none is recorded.</summary>
    Task<FunctionProfile?> FindAsync(string functionId, CancellationToken cancellationToken = default);
}
