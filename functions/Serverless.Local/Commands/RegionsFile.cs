using Serverless.Contracts.Plans;
using Serverless.Planning;

namespace Serverless.Local.Commands;

/// <summary>
/// Reads `--regions &lt;file&gt;`: <c>{"origin":…,"regions":[…],"network":{…}}</c> exactly as in the planner's request,
/// read by <see cref="RegionCatalogue"/> (the Functions app's <c>Serverless__RegionsFile</c> reads the same); any problem is a usage error naming the field.
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
        var (environment, problems) = RegionCatalogue.Parse(json);
        return environment ?? throw new UsageException($"--regions file '{source}': " + string.Join("; ", problems));
    }
}
