using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace Serverless.Infra.Tests;

/// <summary>
/// The Azure Developer CLI project as azd reads it: azure.yaml at the repository root, main.parameters.json with
/// azd's placeholders, the service azd deploys and the hooks it runs. azd itself cannot run here (no Azure), so the
/// publish hooks run against a recording `az` that answers with the apps the compiled main.bicep creates.
/// </summary>
[Collection(InfraCollection.Name)]
public sealed class AzdProjectTests(CompiledInfra infra)
{
    private static YamlMappingNode Project()
    {
        var path = Path.Combine(RepositoryPaths.Root, "azure.yaml");
        Assert.True(File.Exists(path), "azure.yaml is not at the repository root, where `azd up` looks for it.");
        var yaml = new YamlStream();
        using var reader = new StreamReader(path);
        yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    private static YamlNode At(YamlNode node, params string[] keys)
    {
        foreach (var key in keys)
        {
            var mapping = Assert.IsType<YamlMappingNode>(node);
            Assert.True(mapping.Children.TryGetValue(new YamlScalarNode(key), out var child), $"azure.yaml has no '{string.Join('.', keys)}'.");
            node = child;
        }

        return node;
    }

    private static string Scalar(YamlNode node, params string[] keys) => Assert.IsType<YamlScalarNode>(At(node, keys)).Value!;

    [Fact]
    public void AzureYaml_Infra_IsMainBicepAndItsParameterFile()
    {
        var project = Project();
        Assert.Equal("bicep", Scalar(project, "infra", "provider"));
        var folder = Path.Combine(RepositoryPaths.Root, Scalar(project, "infra", "path"));
        var module = Scalar(project, "infra", "module");

        Assert.Equal(Path.GetFullPath(RepositoryPaths.Infra), Path.GetFullPath(folder));
        Assert.True(File.Exists(Path.Combine(folder, module + ".bicep")), $"azure.yaml names the module '{module}', which is not in {folder}.");
        Assert.True(File.Exists(Path.Combine(folder, module + ".parameters.json")), $"azd reads {module}.parameters.json next to the module.");
    }

    [Fact]
    public void AzureYaml_FunctionsService_IsTheFunctionsAppAndTargetsExactlyTheOrchestrator()
    {
        var services = Assert.IsType<YamlMappingNode>(At(Project(), "services"));
        var (key, service) = Assert.Single(services.Children);
        var name = ((YamlScalarNode)key).Value!;
        Assert.Equal("function", Scalar(service, "host"));
        Assert.Equal("dotnet", Scalar(service, "language"));
        var projectFolder = Path.Combine(RepositoryPaths.Root, Scalar(service, "project"));
        var csproj = Assert.Single(Directory.GetFiles(projectFolder, "*.csproj"));
        Assert.Contains("<AzureFunctionsVersion>", File.ReadAllText(csproj), StringComparison.Ordinal);

        // azd deploys a service to the one resource tagged azd-service-name={service}; it must be the orchestrator.
        var sites = InfraDeployments.ExpandMain(infra.Main, InfraDeployments.ParametersFile()).OfType(InfraDeployments.SitesType).ToList();
        var tagged = sites.Where(s => Tags(s).TryGetValue("azd-service-name", out var v) && v == name).ToList();
        var site = Assert.Single(tagged);
        Assert.Equal("orchestrator", Tags(site)["serverless-role"]);
        Assert.All(sites, s => Assert.Equal(AzdEnvironment.Default["AZURE_ENV_NAME"], Tags(s)["azd-env-name"]));
    }

    [Fact]
    public void AzureYaml_PostdeployHook_PublishesToTheRegionalAppsOnPosixAndWindows()
    {
        var hook = At(Project(), "hooks", "postdeploy");
        Assert.Equal("sh", Scalar(hook, "posix", "shell"));
        Assert.Equal("bash ./infra/scripts/publish.sh --role regional", Scalar(hook, "posix", "run"));
        Assert.Equal("pwsh", Scalar(hook, "windows", "shell"));
        Assert.Equal("./infra/scripts/publish.ps1 -Role regional", Scalar(hook, "windows", "run"));
        Assert.Equal("false", Scalar(hook, "posix", "continueOnError"));
        Assert.Equal("false", Scalar(hook, "windows", "continueOnError"));
    }

    [Fact]
    public void ParametersFile_TakesNameLocationAndPrincipalFromAzd()
    {
        var text = File.ReadAllText(InfraDeployments.ParametersFilePath);
        var raw = JsonNode.Parse(text)!["parameters"]!;
        Assert.Equal("${AZURE_ENV_NAME}", raw["environmentName"]!["value"]!.GetValue<string>());
        Assert.Equal("${AZURE_LOCATION}", raw["location"]!["value"]!.GetValue<string>());
        Assert.Equal("${AZURE_PRINCIPAL_ID}", raw["principalId"]!["value"]!.GetValue<string>());
        // Only the values azd itself sets: anything else would reach `az deployment` as a literal "${...}".
        Assert.Equal(["AZURE_ENV_NAME", "AZURE_LOCATION", "AZURE_PRINCIPAL_ID"], AzdEnvironment.Names(text).Order(StringComparer.Ordinal));

        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["AZURE_ENV_NAME"] = "dev2",
            ["AZURE_LOCATION"] = "swedencentral",
            ["AZURE_PRINCIPAL_ID"] = "",
        };
        var arguments = InfraDeployments.ParametersFile(environment);
        Assert.Equal("dev2", arguments["environmentName"]!.GetValue<string>());
        Assert.Equal("swedencentral", arguments["location"]!.GetValue<string>());
        Assert.Equal("single", arguments["resourceGroupLayout"]!.GetValue<string>());

        var resources = InfraDeployments.ExpandMain(infra.Main, arguments);
        Assert.Contains(resources, r => r.Type == "Microsoft.Resources/resourceGroups" && r.Name == "rg-dev2");
        Assert.All(resources.OfType(InfraDeployments.SitesType), s => Assert.Equal("dev2", Tags(s)["azd-env-name"]));
    }

    [Fact]
    public void MainBicep_Location_IsPromptedByAzdAsALocation()
    {
        var location = infra.Main["parameters"]!["location"]!;
        Assert.Equal("location", location["metadata"]!["azd"]!["type"]!.GetValue<string>());
    }

    public static TheoryData<string> Shells() => new() { "bash", "pwsh" };

    [Theory]
    [MemberData(nameof(Shells))]
    public void PublishScript_RoleRegional_DeploysOnePackageToEveryRegionalAppAndNotTheOrchestrator(string shell)
    {
        using var fake = new FakeAzure(Sites());
        var run = fake.Run(shell, ["--role", "regional"], ("AZURE_ENV_NAME", "splitter"));

        Assert.True(run.ExitCode == 0, run.Describe());
        Assert.Equal(["resource list --tag azd-env-name=splitter"], fake.Calls("az resource list").Select(c => string.Join(' ', c.Take(4))));
        var publish = Assert.Single(fake.Calls("dotnet publish"));
        // The package is the project of azure.yaml's `functions` service: azd and the hook deploy one build.
        var serviceProject = Path.GetFullPath(Path.Combine(RepositoryPaths.Root, Scalar(At(Project(), "services", "functions"), "project")));
        var published = Path.GetFullPath(publish[1]);
        Assert.Equal(serviceProject, Path.GetDirectoryName(published));
        Assert.EndsWith(".csproj", published, StringComparison.Ordinal);
        var deployed = fake.Calls("az functionapp deployment source config-zip").Select(c => Option(c, "--name")).ToList();
        var regional = Sites().Where(s => s.Role == "regional").Select(s => s.Name).ToList();
        Assert.Equal(regional.Order(StringComparer.Ordinal), deployed.Order(StringComparer.Ordinal));
        Assert.Single(fake.Calls("az functionapp deployment source config-zip").Select(c => Option(c, "--src")).Distinct());
        Assert.All(fake.Calls("az functionapp deployment source config-zip"), c =>
            Assert.Equal(Sites().Single(s => s.Name == Option(c, "--name")).Group, Option(c, "--resource-group")));
    }

    [Theory]
    [MemberData(nameof(Shells))]
    public void PublishScript_AllRoles_DeploysTheOrchestratorFirst(string shell)
    {
        using var fake = new FakeAzure(Sites());
        var run = fake.Run(shell, ["splitter"]);

        Assert.True(run.ExitCode == 0, run.Describe());
        var deployed = fake.Calls("az functionapp deployment source config-zip").Select(c => Option(c, "--name")).ToList();
        Assert.Equal(Sites().Count, deployed.Count);
        Assert.Equal(Sites().Single(s => s.Role == "orchestrator").Name, deployed[0]);
    }

    [Theory]
    [MemberData(nameof(Shells))]
    public void PublishScript_WithoutEnvironmentName_ExitsTwoNamingWhatToSet(string shell)
    {
        using var fake = new FakeAzure(Sites());
        var run = fake.Run(shell, []);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("AZURE_ENV_NAME", run.StandardError, StringComparison.Ordinal);
        Assert.Empty(fake.Calls("az"));
        Assert.Empty(fake.Calls("dotnet"));
    }

    [Theory]
    [MemberData(nameof(Shells))]
    public void PublishScript_NoAppsOfTheEnvironment_FailsBeforeBuilding(string shell)
    {
        using var fake = new FakeAzure([]);
        var run = fake.Run(shell, ["--role", "regional"], ("AZURE_ENV_NAME", "other"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("azd-env-name=other", run.StandardError, StringComparison.Ordinal);
        Assert.Empty(fake.Calls("dotnet"));
    }

    private static string Option(IReadOnlyList<string> call, string name) => call[call.ToList().IndexOf(name) + 1];

    private static Dictionary<string, string> Tags(ExpandedResource site) =>
        site.Evaluator.Evaluate(site.Resource["tags"])!.AsObject().ToDictionary(t => t.Key, t => t.Value!.GetValue<string>(), StringComparer.Ordinal);

    /// <summary>The function apps the compiled main.bicep creates for the parameter file, as `az resource list` reports them.</summary>
    private List<FakeAzure.Site> Sites() =>
        InfraDeployments.ExpandMain(infra.Main, InfraDeployments.ParametersFile())
            .OfType(InfraDeployments.SitesType)
            .Select(s => new FakeAzure.Site(s.Name, s.ResourceGroup, Tags(s)["serverless-role"]))
            .ToList();

    /// <summary>A folder of recording `az` and `dotnet` executables put first on PATH; everything else is real.</summary>
    private sealed class FakeAzure : IDisposable
    {
        private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("azd-hook-");

        public sealed record Site(string Name, string Group, string Role);

        public FakeAzure(IReadOnlyList<Site> sites)
        {
            var bin = Directory.CreateDirectory(Path.Combine(_dir.FullName, "bin")).FullName;
            var list = JsonSerializer.Serialize(sites.Select(s => new { name = s.Name, group = s.Group, role = s.Role }));
            File.WriteAllText(Path.Combine(_dir.FullName, "sites.json"), list);
            // Each call is one line of NUL-separated arguments, prefixed by the tool's name.
            Write(Path.Combine(bin, "az"), $$"""
                #!/usr/bin/env bash
                printf 'az' >> "{{Log}}"; for a in "$@"; do printf '\0%s' "$a" >> "{{Log}}"; done; echo >> "{{Log}}"
                if [ "$1 $2" = "resource list" ]; then cat "{{_dir.FullName}}/sites.json"; fi
                """);
            Write(Path.Combine(bin, "dotnet"), $$"""
                #!/usr/bin/env bash
                printf 'dotnet' >> "{{Log}}"; for a in "$@"; do printf '\0%s' "$a" >> "{{Log}}"; done; echo >> "{{Log}}"
                out=""; while [ $# -gt 0 ]; do if [ "$1" = "-o" ]; then out="$2"; fi; shift; done
                mkdir -p "$out" && echo '{}' > "$out/host.json"
                """);
            Bin = bin;
        }

        private string Bin { get; }

        private string Log => Path.Combine(_dir.FullName, "calls.log");

        private static void Write(string path, string text)
        {
            File.WriteAllText(path, text.ReplaceLineEndings("\n") + "\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        public IReadOnlyList<IReadOnlyList<string>> Calls(string prefix)
        {
            if (!File.Exists(Log))
            {
                return [];
            }

            var words = prefix.Split(' ');
            return File.ReadAllLines(Log)
                .Select(l => l.Split('\0'))
                .Where(c => c.Length >= words.Length && c.Take(words.Length).SequenceEqual(words))
                .Select(c => (IReadOnlyList<string>)c.Skip(1).ToList())
                .ToList();
        }

        public ScriptRun Run(string shell, string[] arguments, params (string Name, string Value)[] environment)
        {
            var scripts = Path.Combine(RepositoryPaths.Infra, "scripts");
            var start = shell == "bash"
                ? new ProcessStartInfo("bash") { ArgumentList = { Path.Combine(scripts, "publish.sh") } }
                : new ProcessStartInfo(RealDotnet) { ArgumentList = { "tool", "run", "pwsh", "--", "-NoProfile", "-NonInteractive", "-File", Path.Combine(scripts, "publish.ps1") } };
            foreach (var a in arguments)
            {
                start.ArgumentList.Add(shell == "pwsh" && a == "--role" ? "-Role" : a);
            }

            start.RedirectStandardOutput = true;
            start.RedirectStandardError = true;
            start.WorkingDirectory = RepositoryPaths.Root;
            start.Environment["PATH"] = Bin + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
            start.Environment.Remove("AZURE_ENV_NAME");
            start.Environment.Remove("SPLITTER_ENVIRONMENT");
            foreach (var (name, value) in environment)
            {
                start.Environment[name] = value;
            }

            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{shell} publish script did not finish within 3 minutes.");
            }

            return new ScriptRun($"{shell} publish {string.Join(' ', arguments)}", process.ExitCode, stdout.Result, stderr.Result);
        }

        public void Dispose() => _dir.Delete(recursive: true);

        /// <summary>The real .NET host (the fake one goes first on the scripts' PATH): pwsh is a local tool of the
        /// repository (.config/dotnet-tools.json), which test.sh restores.</summary>
        private static string RealDotnet =>
            Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host
                ? host
                : Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", "..", "dotnet");
    }

    /// <summary>The outcome of one run of a publish script.</summary>
    public sealed record ScriptRun(string Command, int ExitCode, string StandardOutput, string StandardError)
    {
        public string Describe() => $"{Command} exited with {ExitCode}.\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}";
    }
}
