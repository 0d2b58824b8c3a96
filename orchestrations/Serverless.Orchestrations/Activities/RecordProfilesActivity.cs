using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Serverless.Orchestrations.Observability;
using Serverless.Orchestrations.Profiles;

namespace Serverless.Orchestrations.Activities;

/// <summary>Folds an execution's measured durations and variable sizes into the function's moving averages.</summary>
public sealed class RecordProfilesActivity(ProfileStore profiles, ILogger<RecordProfilesActivity> logger) : TaskActivity<ProfileBatch, int>
{
    public override async Task<int> RunAsync(TaskActivityContext context, ProfileBatch input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var count = await profiles.RecordAsync(input).ConfigureAwait(false);
        EngineLog.ProfilesRecorded(logger, input.FunctionId, count);
        return count;
    }
}
