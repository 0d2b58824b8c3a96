using System.Diagnostics;

namespace Serverless.Local.Tests;

/// <summary>
/// The CLI as a .NET tool, as a user gets it: the package <c>dotnet pack</c> makes is installed with
/// <c>dotnet tool install</c> into a fresh folder whose NuGet configuration knows only that package's folder, and the
/// installed <c>serverless</c> answers <c>--version</c> and <c>--help</c>.
/// Packing publishes the CLI's build output, so it runs alone, never beside tests that run the CLI in this process.
/// </summary>
[Collection(ToolPackageCollection.Name)]
public sealed class ToolPackageTests : IDisposable
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private readonly string _root = Path.Combine(Path.GetTempPath(), "serverless-tool-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    [Fact]
    public async Task PackedTool_InstalledInAFreshFolder_AnswersVersionAndHelp()
    {
        var repo = RepositoryRoot();
        var packages = Directory.CreateDirectory(Path.Combine(_root, "packages")).FullName;
        var fresh = Directory.CreateDirectory(Path.Combine(_root, "fresh")).FullName;
        var toolPath = Path.Combine(fresh, "tools");

        // The test run built the CLI already (the README's test command builds the solution first): pack that build.
        var pack = await RunAsync(repo, "dotnet", "pack", Path.Combine(repo, "functions", "Serverless.Local"), "-c", Configuration, "--no-build", "-o", packages, "-p:PublishDir=" + Path.Combine(_root, "publish") + Path.DirectorySeparatorChar, "-nologo", "-v", "q");
        Assert.True(pack.Code == 0, "dotnet pack failed:\n" + pack.Output);
        var package = Assert.Single(Directory.GetFiles(packages, "serverless.*.nupkg"));
        var version = Path.GetFileNameWithoutExtension(package)["serverless.".Length..];

        // Only the package folder as a source: the install must not need anything else.
        await File.WriteAllTextAsync(Path.Combine(fresh, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{packages}" />
              </packageSources>
            </configuration>
            """);
        var install = await RunAsync(fresh, "dotnet", "tool", "install", "serverless", "--tool-path", toolPath, "--version", version, "--configfile", Path.Combine(fresh, "nuget.config"));
        Assert.True(install.Code == 0, "dotnet tool install failed:\n" + install.Output);

        var executable = Path.Combine(toolPath, OperatingSystem.IsWindows() ? "serverless.exe" : "serverless");
        var shown = await RunAsync(fresh, executable, "--version");
        Assert.Equal(0, shown.Code);
        Assert.Equal("serverless " + version, shown.Output.Trim());
        Assert.Equal(Cli.Version, version);

        var help = await RunAsync(fresh, executable, "--help");
        Assert.Equal(0, help.Code);
        Assert.All(Cli.Commands, c => Assert.Contains(c.Name, help.Output, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Version_PrintsTheToolVersionAndSucceeds()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = await Cli.RunAsync(["--version"], stdout, stderr);

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal("serverless " + Cli.Version, stdout.ToString().Trim());
        Assert.Matches(@"^\d+\.\d+\.\d+", Cli.Version);
        Assert.Empty(stderr.ToString());
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Serverless.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Serverless.sln not found above " + AppContext.BaseDirectory);
    }

    private static async Task<(int Code, string Output)> RunAsync(string workingDirectory, string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // A tool is run by users outside any test environment: no inherited MSBuild or test-host settings.
        start.Environment.Remove("MSBuildExtensionsPath");
        start.Environment.Remove("MSBuildSDKsPath");
        start.Environment.Remove("MSBUILD_EXE_PATH");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + file);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}

/// <summary>Tests that must not run beside any other test of this assembly.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ToolPackageCollection
{
    public const string Name = "tool package (alone)";
}
