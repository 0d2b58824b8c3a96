namespace Serverless.Infra.Tests;

/// <summary>Locates the repository root (the folder holding Serverless.sln) from the test's output folder.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> _root = new(FindRoot);

    public static string Root => _root.Value;

    public static string Infra => Path.Combine(Root, "infra");

    public static string LocalSettingsSample => Path.Combine(Root, "local.settings.sample.json");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Serverless.sln"))
                && File.Exists(Path.Combine(dir.FullName, "local.settings.sample.json")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException(
            $"No folder above '{AppContext.BaseDirectory}' holds Serverless.sln and local.settings.sample.json; "
            + "run the infra tests from a build inside the repository.");
    }
}
