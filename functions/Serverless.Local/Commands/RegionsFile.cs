using System.Text.Json;
using Serverless.Contracts.Plans;
using Serverless.Planning;
using Serverless.Planning.Model;

namespace Serverless.Local.Commands;

/// <summary>
/// Reads `--regions &lt;file&gt;`: <c>{"origin":…,"regions":[…],"network":{…}}</c> exactly as in the planner's request,
/// checked by <see cref="PlanRequestValidator"/>; any problem is a usage error naming the field.
/// </summary>
public static class RegionsFile
{
    public static PlanEnvironment Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new UsageException($"cannot read --regions file '{path}': {ex.Message}");
        }

        return Parse(text, path);
    }

    public static PlanEnvironment Parse(string json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        PlanEnvironment? environment;
        try
        {
            environment = JsonSerializer.Deserialize(json, PlanningJsonContext.Default.PlanEnvironment);
        }
        catch (JsonException ex)
        {
            var where = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? string.Empty : $" at {ex.Path.TrimStart('$', '.')}";
            throw new UsageException($"--regions file '{source}' is not a valid regions JSON{where}: {ex.Message} Expected {{\"origin\":…,\"regions\":[…],\"network\":{{…}}}} as in the planner's request.");
        }

        if (environment is null)
        {
            throw new UsageException($"--regions file '{source}' is null; expected {{\"origin\":…,\"regions\":[…],\"network\":{{…}}}}");
        }

        // The validator checks the environment of a request; a one-segment graph stands in for the function.
        var probe = new PlanRequest(new FunctionGraph("probe", [new GraphSegment(0, [], [], 1)], []))
        {
            Origin = environment.Origin,
            Regions = environment.Regions,
            Network = environment.Network,
        };
        var errors = PlanRequestValidator.Validate(probe);
        if (environment.Origin is null && environment.Regions is null && environment.Network is null)
        {
            errors = [new PlanValidationError("origin", "is missing; give origin, regions and network")];
        }

        if (errors.Count > 0)
        {
            throw new UsageException($"--regions file '{source}': " + string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}")));
        }

        return environment;
    }
}
