using System.Text.Json;

namespace Serverless.Functions.Tests;

/// <summary>The functions.metadata the Functions SDK generated for an app project, read from its build output.</summary>
internal static class FunctionsMetadata
{
    /// <summary>The function entries of the app at <paramref name="projectFolder"/> (relative to the repository root).</summary>
    public static JsonElement[] Load(string projectFolder)
    {
        var path = Path.Combine(OutputFolder(projectFolder), "functions.metadata");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"functions.metadata not found at {path}; build {projectFolder} first.", path);
        }

        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return [.. doc.RootElement.EnumerateArray().Select(e => e.Clone())];
    }

    /// <summary>The build output folder of the app at <paramref name="projectFolder"/>, in the tests' configuration.</summary>
    public static string OutputFolder(string projectFolder)
    {
        var config = new DirectoryInfo(AppContext.BaseDirectory).Parent?.Name ?? "Debug";
        return Path.Combine(RepositoryRoot(), projectFolder, "bin", config, "net10.0");
    }

    public static string Name(JsonElement function) => function.GetProperty("name").GetString()!;

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Serverless.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above '{AppContext.BaseDirectory}' holds Serverless.sln.");
    }
}
