using System.Diagnostics;

namespace Serverless.Local.Engine;

/// <summary>
/// The in-process Durable Task engine runs at most <see cref="Environment.ProcessorCount"/> work items at once and
/// polls every 500 ms beyond that; the count is fixed when the runtime starts, from <c>DOTNET_PROCESSOR_COUNT</c>.
/// The CLI therefore re-executes itself once with the variable set (<see cref="TryReexecuteAsync"/>), and test
/// projects set it in their runsettings.
/// </summary>
public static class ProcessorCountGuard
{
    public const string Variable = "DOTNET_PROCESSOR_COUNT";
    public const int Wanted = 64;
    private const string ReexecutedMarker = "SERVERLESS_ENGINE_REEXECUTED";

    public static bool IsUnblocked => Environment.ProcessorCount >= Wanted;

    /// <summary>
    /// When the engine would stall, runs this same command line in a child process with the variable set and
    /// returns its exit code; null when no re-execution is needed or possible (then the caller runs in-process).
    /// </summary>
    public static async Task<int?> TryReexecuteAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (IsUnblocked || Environment.GetEnvironmentVariable(Variable) is not null || Environment.GetEnvironmentVariable(ReexecutedMarker) is not null
            || Environment.ProcessPath is not { } processPath)
        {
            return null;
        }

        var start = new ProcessStartInfo(processPath) { UseShellExecute = false };
        var isDotnetHost = Path.GetFileNameWithoutExtension(processPath).Equals("dotnet", StringComparison.OrdinalIgnoreCase);
        if (isDotnetHost)
        {
            var entry = System.Reflection.Assembly.GetEntryAssembly()?.Location;
            if (string.IsNullOrEmpty(entry))
            {
                return null;
            }

            start.ArgumentList.Add(entry);
        }

        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment[Variable] = Wanted.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment[ReexecutedMarker] = "1";
        using var child = Process.Start(start);
        if (child is null)
        {
            return null;
        }

        await child.WaitForExitAsync().ConfigureAwait(false);
        return child.ExitCode;
    }

    /// <summary>The engine's gRPC sidecar logs every work item at Information unless told otherwise.</summary>
    public static void QuietSidecarLogs()
    {
        if (Environment.GetEnvironmentVariable("Logging__LogLevel__Default") is null)
        {
            Environment.SetEnvironmentVariable("Logging__LogLevel__Default", "Warning");
        }
    }
}
