using System.Text.Json;
using Serverless.Contracts.Plans;
using Serverless.Planning.Model;

namespace Serverless.Planning;

/// <summary>
/// The regions a host plans over, read from the environment JSON of a plan request:
/// <c>{"origin":…,"regions":[…],"network":{…}}</c>. One parser for every host: <c>serverless --regions &lt;file&gt;</c>
/// and the Functions app's <c>Serverless__RegionsFile</c>; it reads with <see cref="PlanEnvironmentJson"/>, the reader of the
/// built-in <see cref="PlanEnvironment.Default"/>, so members it does not know (a <c>source</c> block) are skipped. Every problem names the member (as
/// <see cref="PlanRequestValidator"/> does for a request); the caller says which file or setting it came from.
/// </summary>
public static class RegionCatalogue
{
    /// <summary>What a catalogue looks like, for messages.</summary>
    public const string Shape = "{\"origin\":…,\"regions\":[…],\"network\":{…}} as in the planner's request";

    /// <summary>The catalogue in <paramref name="json"/>, or the problems that stop it being planned over (never both).</summary>
    public static (PlanEnvironment? Environment, IReadOnlyList<string> Problems) Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        PlanEnvironment? environment;
        try
        {
            environment = PlanEnvironmentJson.Deserialize(json);
        }
        catch (JsonException ex)
        {
            var where = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? string.Empty : $" at {ex.Path.TrimStart('$', '.')}";
            return (null, [$"is not a valid regions JSON{where}: {ex.Message} Expected {Shape}."]);
        }

        if (environment is null)
        {
            return (null, [$"is null; expected {Shape}"]);
        }

        if (environment.Origin is null && environment.Regions is null && environment.Network is null)
        {
            return (null, ["origin: is missing; give origin, regions and network"]);
        }

        // The validator checks the environment of a request; a one-segment graph stands in for the function.
        var probe = new PlanRequest(new FunctionGraph("probe", [new GraphSegment(0, [], [], 1)], []))
        {
            Origin = environment.Origin,
            Regions = environment.Regions,
            Network = environment.Network,
        };
        var errors = PlanRequestValidator.Validate(probe);
        return errors.Count > 0 ? (null, [.. errors.Select(e => $"{e.Field}: {e.Message}")]) : (environment, []);
    }
}
