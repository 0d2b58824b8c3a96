using System;
using System.IO;
using System.Text.Json;

namespace Serverless.Contracts.Plans;

/// <summary>
/// The one reader of the regions JSON (<c>{"origin":…,"regions":[…],"network":{…}}</c>, camelCase; unknown members such
/// as a <c>source</c> block are skipped): the built-in <see cref="PlanEnvironment.Default"/> is read with it from the
/// embedded <c>default-regions.json</c>, and every host's regions file through the planner's <c>RegionCatalogue</c>.
/// </summary>
public static class PlanEnvironmentJson
{
    /// <summary>The manifest resource name of the built-in regions file in this assembly.</summary>
    public const string DefaultResourceName = "Serverless.Contracts.Plans.default-regions.json";

    /// <summary>
    /// The environment in <paramref name="json"/> (null for the JSON literal <c>null</c>). Malformed JSON, a missing
    /// required member or a null in a non-nullable one throws a <see cref="JsonException"/> whose path names the member;
    /// the values themselves are checked by the planner's validator.
    /// </summary>
    public static PlanEnvironment? Deserialize(string json)
    {
        if (json is null)
        {
            throw new ArgumentNullException(nameof(json));
        }

        return JsonSerializer.Deserialize(json, PlanEnvironmentJsonContext.Default.PlanEnvironment);
    }

    /// <summary>The text of the built-in regions file: the figures with the public source and date of each.</summary>
    public static string DefaultRegionsJson()
    {
        using var stream = typeof(PlanEnvironmentJson).Assembly.GetManifestResourceStream(DefaultResourceName)
            ?? throw new InvalidOperationException($"The built-in regions resource '{DefaultResourceName}' is missing from {typeof(PlanEnvironmentJson).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
