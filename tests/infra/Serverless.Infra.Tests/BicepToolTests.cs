namespace Serverless.Infra.Tests;

[Collection(InfraCollection.Name)]
public sealed class BicepToolTests(CompiledInfra infra)
{
    [Fact]
    public void Build_EveryBicepFile_CompilesWithoutWarnings()
    {
        Assert.True(infra.Build.IsClean, infra.Build.Describe());
        Assert.Contains("main.bicep", infra.BicepFiles);
        Assert.Contains("regional-app.bicep", infra.BicepFiles);
        Assert.True(infra.BicepFiles.Count(f => f.StartsWith("modules/", StringComparison.Ordinal)) >= 5, string.Join(", ", infra.BicepFiles));
        Assert.All(infra.BicepFiles, f => Assert.True(infra.Templates.ContainsKey(f), $"{f} produced no ARM template.\n{infra.Build.Describe()}"));
    }

    [Fact]
    public void Lint_EveryBicepFile_ReportsNoWarnings()
    {
        Assert.True(infra.Lint.IsClean, infra.Lint.Describe());
    }

    [Fact]
    public void Lint_FileWithUnusedParameterAndHardcodedUrl_IsReportedAsNotClean()
    {
        // The control for the test above: the same config and runner do flag a warning-only file.
        var dir = Directory.CreateTempSubdirectory("serverless-lint-");
        try
        {
            File.Copy(Path.Combine(RepositoryPaths.Infra, "bicepconfig.json"), Path.Combine(dir.FullName, "bicepconfig.json"));
            File.WriteAllText(
                Path.Combine(dir.FullName, "bad.bicep"),
                "param unused string\noutput url string = 'https://management.core.windows.net/'\n");

            var lint = BicepCli.Run(dir.FullName, "lint", "bad.bicep");

            Assert.False(lint.IsClean, lint.Describe());
            Assert.Contains(lint.Diagnostics, d => d.Contains("no-unused-params", StringComparison.Ordinal));
            Assert.Contains(lint.Diagnostics, d => d.Contains("no-hardcoded-env-urls", StringComparison.Ordinal));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void RegionalTemplate_Committed_MatchesFreshBuild()
    {
        // The ARM provisioner deploys infra/regional-app.json; it must be the build of regional-app.bicep.
        var committed = File.ReadAllText(Path.Combine(RepositoryPaths.Infra, "regional-app.json")).ReplaceLineEndings("\n").Trim();
        var fresh = infra.RegionalApp.ToJsonString();
        var committedNormalised = System.Text.Json.Nodes.JsonNode.Parse(committed)!.ToJsonString();

        Assert.True(
            committedNormalised == fresh,
            "infra/regional-app.json is stale: run `bicep build infra/regional-app.bicep` (the Bicep CLI of "
            + "Azure.Bicep.CommandLine.linux-x64) and commit the result.");
    }
}
