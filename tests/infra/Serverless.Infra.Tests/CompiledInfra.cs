using System.Text.Json.Nodes;

namespace Serverless.Infra.Tests;

/// <summary>
/// Copies infra/ to a temporary folder, compiles every .bicep there with one `bicep build --pattern` and lints
/// them with one `bicep lint --pattern`, then holds the compiled ARM templates. Shared by the test classes.
/// </summary>
public sealed class CompiledInfra : IDisposable
{
    private readonly DirectoryInfo _workspace;

    public CompiledInfra()
    {
        _workspace = Directory.CreateTempSubdirectory("serverless-infra-");
        CopyDirectory(new DirectoryInfo(RepositoryPaths.Infra), _workspace);
        BicepFiles = Directory.GetFiles(_workspace.FullName, "*.bicep", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(_workspace.FullName, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();
        foreach (var bicep in BicepFiles)
        {
            // A compiled template left in the copy must not pass for a fresh build.
            File.Delete(Path.Combine(_workspace.FullName, Path.ChangeExtension(bicep, ".json")));
        }

        Build = BicepCli.Run(_workspace.FullName, "build", "--pattern", "**/*.bicep");
        Lint = BicepCli.Run(_workspace.FullName, "lint", "--pattern", "**/*.bicep");
        Templates = BicepFiles
            .Select(b => (Bicep: b, Json: Path.Combine(_workspace.FullName, Path.ChangeExtension(b, ".json"))))
            .Where(x => File.Exists(x.Json))
            .ToDictionary(x => x.Bicep, x => JsonNode.Parse(File.ReadAllText(x.Json))!.AsObject(), StringComparer.Ordinal);
    }

    /// <summary>Paths of the .bicep files relative to infra/, with forward slashes.</summary>
    public IReadOnlyList<string> BicepFiles { get; }

    public BicepRun Build { get; }

    public BicepRun Lint { get; }

    /// <summary>Compiled ARM template of each .bicep file that built, keyed like <see cref="BicepFiles"/>.</summary>
    public IReadOnlyDictionary<string, JsonObject> Templates { get; }

    public string WorkspacePath => _workspace.FullName;

    public JsonObject Main => Template("main.bicep");

    public JsonObject RegionalApp => Template("regional-app.bicep");

    public JsonObject Template(string bicepFile) =>
        Templates.TryGetValue(bicepFile, out var template)
            ? template
            : throw new InvalidOperationException($"{bicepFile} did not compile.\n{Build.Describe()}");

    /// <summary>Every template reachable from main.bicep and regional-app.bicep, nested module templates included.</summary>
    public IReadOnlyList<TemplateNode> AllDeployedTemplates() =>
        TemplateNode.Walk("main", Main).Concat(TemplateNode.Walk("regional-app", RegionalApp)).ToList();

    public void Dispose() => _workspace.Delete(recursive: true);

    private static void CopyDirectory(DirectoryInfo source, DirectoryInfo target)
    {
        foreach (var file in source.GetFiles())
        {
            file.CopyTo(Path.Combine(target.FullName, file.Name));
        }

        foreach (var sub in source.GetDirectories())
        {
            CopyDirectory(sub, target.CreateSubdirectory(sub.Name));
        }
    }
}
