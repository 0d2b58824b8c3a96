using System.Runtime.InteropServices;

namespace Serverless.Local.Engine;

/// <summary>
/// The two POSIX calls .NET does not offer: send a signal other than SIGKILL to a process, and read the parent's pid
/// (to notice that the parent died: the child is then re-parented). Linux and macOS only; elsewhere they do nothing.
/// </summary>
internal static class ProcessSignals
{
    public const int SigInt = 2;
    public const int SigQuit = 3;
    public const int SigTerm = 15;

    public static bool Supported => OperatingSystem.IsLinux() || OperatingSystem.IsMacOS();

    /// <summary>The signal number of a <see cref="PosixSignal"/> that can be forwarded; 0 for others.</summary>
    public static int Number(PosixSignal signal) => signal switch
    {
        PosixSignal.SIGINT => SigInt,
        PosixSignal.SIGQUIT => SigQuit,
        PosixSignal.SIGTERM => SigTerm,
        _ => 0,
    };

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; false when it could not be sent (gone already).</summary>
    public static bool Send(int pid, int signal) => Supported && signal != 0 && NativeMethods.Kill(pid, signal) == 0;

    /// <summary>The parent's process id; 0 when unknown.</summary>
    public static int ParentId() => Supported ? NativeMethods.GetParentProcessId() : 0;

    // DllImport, not LibraryImport: both signatures are blittable, and LibraryImport would need unsafe code here.
    private static class NativeMethods
    {
        [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        internal static extern int Kill(int pid, int signal);

        [DllImport("libc", EntryPoint = "getppid")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        internal static extern int GetParentProcessId();
    }
}
