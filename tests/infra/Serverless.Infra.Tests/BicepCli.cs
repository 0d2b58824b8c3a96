using System.Diagnostics;
using System.Reflection;

namespace Serverless.Infra.Tests;

/// <summary>Runs the Bicep CLI that the Azure.Bicep.CommandLine.linux-x64 package puts at $(BicepPath).</summary>
public static class BicepCli
{
    private static readonly TimeSpan _timeout = TimeSpan.FromMinutes(3);

    public static string ExecutablePath
    {
        get
        {
            var configured = typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .FirstOrDefault(a => a.Key == "BicepPath")?.Value;
            if (string.IsNullOrWhiteSpace(configured))
            {
                throw new InvalidOperationException(
                    "The test assembly carries no BicepPath metadata: the Azure.Bicep.CommandLine.linux-x64 package "
                    + "did not set $(BicepPath). Restore the test project (dotnet restore) and build it again.");
            }

            // The package's props join folder and file with a backslash; normalise for Linux.
            var path = Path.GetFullPath(configured.Replace('\\', Path.DirectorySeparatorChar));
            if (!File.Exists(path))
            {
                throw new InvalidOperationException(
                    $"The Bicep CLI is not at '{path}' ($(BicepPath)); run dotnet restore for the infra tests.");
            }

            return path;
        }
    }

    public static BicepRun Run(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(ExecutablePath)
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

        // Keep the CLI offline and quiet: no telemetry, no update checks.
        start.Environment["BICEP_TELEMETRY_ENABLED"] = "false";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        using var process = Process.Start(start)
            ?? throw new InvalidOperationException($"Could not start the Bicep CLI at '{start.FileName}'.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(_timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} did not finish within {_timeout}.");
        }

        process.WaitForExit();
        return new BicepRun(string.Join(' ', arguments), process.ExitCode, stdout.Result, stderr.Result);
    }
}
