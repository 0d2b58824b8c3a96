using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Serverless.Local.Engine;

/// <summary>
/// The in-process Durable Task engine runs at most <see cref="Environment.ProcessorCount"/> work items at once and
/// polls every 500 ms beyond that; the count is fixed when the runtime starts, from <c>DOTNET_PROCESSOR_COUNT</c>.
/// The CLI therefore re-executes itself once with the variable set (<see cref="TryReexecuteAsync"/>), and test
/// projects set it in their runsettings. The process the user started stays in front: SIGINT, SIGTERM and SIGQUIT sent
/// to it are forwarded to the child (which stops cleanly), and it exits with the child's code; a child whose parent
/// died (even by SIGKILL) stops itself as if sent SIGTERM (<see cref="WatchParent"/>), so no process is left behind.
/// </summary>
public static class ProcessorCountGuard
{
    public const string Variable = "DOTNET_PROCESSOR_COUNT";
    public const int Wanted = 64;
    /// <summary>Set in a re-executed child; a process it starts of its own must not inherit it (nor <see cref="ParentVariable"/>).</summary>
    public const string ReexecutedMarker = "SERVERLESS_ENGINE_REEXECUTED";

    /// <summary>The re-executing parent's pid, watched by <see cref="WatchParent"/>; a process started by the child must not inherit it.</summary>
    public const string ParentVariable = "SERVERLESS_ENGINE_PARENT_PID";

    /// <summary>How long a child whose parent died may take to stop after SIGTERM before it exits regardless.</summary>
    private static readonly TimeSpan OrphanStopTimeout = TimeSpan.FromSeconds(45);

    public static bool IsUnblocked => Environment.ProcessorCount >= Wanted;

    /// <summary>
    /// When the engine would stall, runs this same command line in a child process with the variable set and
    /// returns its exit code; null when no re-execution is needed or possible (then the caller runs in-process).
    /// </summary>
    public static async Task<int?> TryReexecuteAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (IsUnblocked || Environment.GetEnvironmentVariable(Variable) is not null || Environment.GetEnvironmentVariable(ReexecutedMarker) is not null)
        {
            return null;
        }

        if (SelfStartInfo() is not { } start)
        {
            return null;
        }

        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment[Variable] = Wanted.ToString(CultureInfo.InvariantCulture);
        start.Environment[ReexecutedMarker] = "1";
        start.Environment[ParentVariable] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        using var child = Process.Start(start);
        if (child is null)
        {
            return null;
        }

        // Stay alive until the child ends, whatever signal comes: forward it, and let the child decide how to stop.
        void Forward(PosixSignalContext context)
        {
            context.Cancel = true;
            ProcessSignals.Send(child.Id, ProcessSignals.Number(context.Signal));
        }

        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Forward);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Forward);
        using var sigquit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, Forward);
        await child.WaitForExitAsync().ConfigureAwait(false);
        return child.ExitCode;
    }

    /// <summary>
    /// How to start this same program again (the apphost, or <c>dotnet</c> with the entry assembly), without arguments;
    /// null when the running executable is unknown. Arguments go to <see cref="ProcessStartInfo.ArgumentList"/>.
    /// </summary>
    public static ProcessStartInfo? SelfStartInfo()
    {
        if (Environment.ProcessPath is not { } processPath)
        {
            return null;
        }

        var start = new ProcessStartInfo(processPath) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(processPath).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            var entry = System.Reflection.Assembly.GetEntryAssembly()?.Location;
            if (string.IsNullOrEmpty(entry))
            {
                return null;
            }

            start.ArgumentList.Add(entry);
        }

        return start;
    }

    /// <summary>Sends SIGTERM to <paramref name="pid"/> (Linux and macOS); false when it could not be sent.</summary>
    public static bool Terminate(int pid) => ProcessSignals.Send(pid, ProcessSignals.SigTerm);

    /// <summary>
    /// In a re-executed child: watches the parent, and when it is gone (the child was re-parented) sends this process
    /// SIGTERM so that it stops as if the user had stopped it, then exits after <see cref="OrphanStopTimeout"/> if
    /// stopping hangs. Does nothing in a process that was not re-executed.
    /// </summary>
    public static void WatchParent()
    {
        if (Environment.GetEnvironmentVariable(ParentVariable) is not { } text
            || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parent)
            || !ProcessSignals.Supported)
        {
            return;
        }

        var watcher = new Thread(() =>
        {
            while (ProcessSignals.ParentId() == parent)
            {
                Thread.Sleep(250);
            }

            ProcessSignals.Send(Environment.ProcessId, ProcessSignals.SigTerm);
            Thread.Sleep(OrphanStopTimeout);
            Environment.Exit(143);
        })
        {
            IsBackground = true,
            Name = "serverless parent watch",
        };
        watcher.Start();
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
