using Serverless.Contracts.Plans;

namespace Serverless.Planning.Model;

/// <summary>
/// Everything the planner needs for one call: the graph, variable sizes, resources, preferences, the regions and
/// network (<see cref="Origin"/>, <see cref="Regions"/>, <see cref="Network"/>; all three absent means
/// <see cref="PlanEnvironment.Default"/>) and the objective. <see cref="MemoryMb"/>, <see cref="TimeoutSeconds"/>
/// and <see cref="GeoPreference"/> fall back to the graph's annotations, then to 1024 MB and 60 s.
/// </summary>
public sealed record PlanRequest(
    FunctionGraph Graph,
    IReadOnlyDictionary<string, long>? VariableBytes = null,
    long DefaultVariableBytes = 1024,
    long ReturnBytes = 1024,
    int? MemoryMb = null,
    int? TimeoutSeconds = null,
    GeoPreferenceSpec? GeoPreference = null,
    double PreferencePenalty = 0,
    string? Origin = null,
    IReadOnlyList<RegionSpec>? Regions = null,
    NetworkSpec? Network = null,
    PlanObjective? Objective = null)
{
    /// <summary>Memory per unit when neither the request nor the graph's annotations give one.</summary>
    public const int DefaultMemoryMb = 1024;

    /// <summary>Unit timeout when neither the request nor the graph's annotations give one.</summary>
    public const int DefaultTimeoutSeconds = 60;

    /// <summary>The request with its origin, regions and network replaced by <paramref name="environment"/>.</summary>
    public PlanRequest WithEnvironment(PlanEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return this with { Origin = environment.Origin, Regions = environment.Regions, Network = environment.Network };
    }
}
