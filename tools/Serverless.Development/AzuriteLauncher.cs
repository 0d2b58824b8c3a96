using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Serverless.Development;

/// <summary>
/// Starts Azurite (the Azure Storage emulator) from the repository's <c>node_modules/azurite</c> on free loopback
/// ports with in-memory persistence, and kills it (by process id) on dispose. Runs <c>npm ci</c> first when
/// Azurite is not installed. Used by the test fixture, the benchmarks and <c>serverless --storage azurite</c>.
/// </summary>
public sealed class AzuriteLauncher : IAsyncDisposable
{
    /// <summary>The well-known development account of Azurite (public, documented; not a secret).</summary>
    public const string AccountName = "devstoreaccount1";

    /// <summary>The well-known development account key of Azurite (public, documented; not a secret).</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private const string AzuriteScript = "node_modules/azurite/dist/src/azurite.js";

    private readonly Process _process;
    private readonly string _workDirectory;
    private readonly EventHandler _onProcessExit;
    private int _disposed;

    private AzuriteLauncher(Process process, string workDirectory, int blobPort, int queuePort, int tablePort)
    {
        _process = process;
        _workDirectory = workDirectory;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
        ProcessId = process.Id;
        ConnectionString = BuildConnectionString(blobPort, queuePort, tablePort);

        // If the host process ends without disposing us (a crashed test run), do not leave Azurite behind.
        _onProcessExit = (_, _) => Kill();
        AppDomain.CurrentDomain.ProcessExit += _onProcessExit;
    }

    public int BlobPort { get; }

    public int QueuePort { get; }

    public int TablePort { get; }

    /// <summary>The id of the Azurite (node) process.</summary>
    public int ProcessId { get; }

    /// <summary>A storage connection string for the blob, queue and table endpoints of this instance.</summary>
    public string ConnectionString { get; }

    /// <summary>Builds the connection string of an Azurite instance listening on 127.0.0.1 on the given ports.</summary>
    public static string BuildConnectionString(int blobPort, int queuePort, int tablePort, string host = "127.0.0.1")
        => string.Create(CultureInfo.InvariantCulture, $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};BlobEndpoint=http://{host}:{blobPort}/{AccountName};QueueEndpoint=http://{host}:{queuePort}/{AccountName};TableEndpoint=http://{host}:{tablePort}/{AccountName};");

    /// <summary>
    /// Finds (or installs with <c>npm ci</c>) Azurite, starts it and waits until its three ports accept connections.
    /// </summary>
    /// <exception cref="AzuriteUnavailableException">Node.js or the repository's package.json cannot be found, npm ci
    /// failed, or Azurite did not start in time; the message says what to do.</exception>
    public static async Task<AzuriteLauncher> StartAsync(TimeSpan? startTimeout = null, CancellationToken cancellationToken = default)
    {
        var script = await LocateOrInstallAsync(cancellationToken).ConfigureAwait(false);
        var timeout = startTimeout ?? TimeSpan.FromSeconds(120); // node starts slowly on a loaded machine

        // Free ports are found by binding port 0 and releasing it; another process can take one in between, so retry.
        Exception? last = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                return await StartOnceAsync(script, timeout, cancellationToken).ConfigureAwait(false);
            }
            catch (AzuriteUnavailableException ex) when (!cancellationToken.IsCancellationRequested)
            {
                last = ex;
            }
        }

        throw last!;
    }

    /// <summary>Finds <c>node_modules/azurite</c> by walking up from the current directory and from the app's base directory.</summary>
    public static string? FindAzuriteScript()
    {
        foreach (var dir in CandidateDirectories())
        {
            var path = Path.Combine(dir, AzuriteScript);
            if (File.Exists(path))
            {
                return path;
            }
        }

        return null;
    }

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            AppDomain.CurrentDomain.ProcessExit -= _onProcessExit;
            Kill();
            _process.Dispose();
            TryDeleteDirectory(_workDirectory);
        }

        return ValueTask.CompletedTask;
    }

    private void Kill()
    {
        try
        {
            using var running = Process.GetProcessById(ProcessId);
            if (!running.HasExited)
            {
                running.Kill(entireProcessTree: true);
                running.WaitForExit(5000);
            }
        }
        catch (ArgumentException)
        {
            // Already gone.
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static async Task<AzuriteLauncher> StartOnceAsync(string script, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var (blob, queue, table) = (FreePort(), FreePort(), FreePort());
        var workDirectory = Path.Combine(Path.GetTempPath(), "serverless-azurite-" + Path.GetRandomFileName());
        Directory.CreateDirectory(workDirectory);
        var psi = new ProcessStartInfo("node")
        {
            WorkingDirectory = workDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            script,
            "--blobHost", "127.0.0.1", "--blobPort", blob.ToString(CultureInfo.InvariantCulture),
            "--queueHost", "127.0.0.1", "--queuePort", queue.ToString(CultureInfo.InvariantCulture),
            "--tableHost", "127.0.0.1", "--tablePort", table.ToString(CultureInfo.InvariantCulture),
            "--inMemoryPersistence", "--skipApiVersionCheck", "--disableProductStyleUrl", "--loose",
        })
        {
            psi.ArgumentList.Add(arg);
        }

        var output = new BoundedLog();
        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new AzuriteUnavailableException("Could not start 'node' to run Azurite.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            TryDeleteDirectory(workDirectory);
            throw new AzuriteUnavailableException("Azurite needs Node.js, but 'node' is not on the PATH. Install Node.js 20 or later, or set SERVERLESS_TEST_STORAGE to a storage connection string.", ex);
        }

        process.OutputDataReceived += (_, e) => output.Add(e.Data);
        process.ErrorDataReceived += (_, e) => output.Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var launcher = new AzuriteLauncher(process, workDirectory, blob, queue, table);
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            foreach (var port in new[] { blob, queue, table })
            {
                await WaitForPortAsync(process, port, output, deadline.Token).ConfigureAwait(false);
            }

            return launcher;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await launcher.DisposeAsync().ConfigureAwait(false);
            throw new AzuriteUnavailableException($"Azurite did not open its ports within {timeout.TotalSeconds:0} s. Its output:{Environment.NewLine}{output}");
        }
        catch
        {
            await launcher.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task WaitForPortAsync(Process process, int port, BoundedLog output, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (process.HasExited)
            {
                throw new AzuriteUnavailableException($"Azurite exited with code {process.ExitCode} before opening port {port}. Its output:{Environment.NewLine}{output}");
            }

            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<string> LocateOrInstallAsync(CancellationToken cancellationToken)
    {
        if (FindAzuriteScript() is { } found)
        {
            return found;
        }

        var root = CandidateDirectories().FirstOrDefault(d => File.Exists(Path.Combine(d, "package.json"))
            && File.ReadAllText(Path.Combine(d, "package.json")).Contains("\"azurite\"", StringComparison.Ordinal))
            ?? throw new AzuriteUnavailableException($"node_modules/azurite is missing and no package.json that lists azurite was found above '{Directory.GetCurrentDirectory()}' or '{AppContext.BaseDirectory}'. Run 'npm ci' in the repository root, or set SERVERLESS_TEST_STORAGE to a storage connection string.");
        await RunNpmCiAsync(root, cancellationToken).ConfigureAwait(false);
        return FindAzuriteScript()
            ?? throw new AzuriteUnavailableException($"'npm ci' ran in '{root}' but {AzuriteScript} is still missing; check that package.json lists azurite as a dev dependency.");
    }

    private static async Task RunNpmCiAsync(string root, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo("npm")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("ci");
        psi.ArgumentList.Add("--no-audit");
        psi.ArgumentList.Add("--no-fund");
        var output = new BoundedLog();
        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new AzuriteUnavailableException("Could not start 'npm ci'.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new AzuriteUnavailableException("Azurite is not installed and 'npm' is not on the PATH. Install Node.js 20 or later (it brings npm), then run 'npm ci' in the repository root.", ex);
        }

        using (process)
        {
            process.OutputDataReceived += (_, e) => output.Add(e.Data);
            process.ErrorDataReceived += (_, e) => output.Add(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                throw new AzuriteUnavailableException($"'npm ci' in '{root}' failed with exit code {process.ExitCode}. Its output:{Environment.NewLine}{output}");
            }
        }
    }

    private static IEnumerable<string> CandidateDirectories()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (seen.Add(dir.FullName))
                {
                    yield return dir.FullName;
                }
            }
        }
    }

    private static void TryDeleteDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>The last lines a child process printed, for error messages.</summary>
    private sealed class BoundedLog
    {
        private readonly Queue<string> _lines = new();

        public void Add(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_lines)
            {
                _lines.Enqueue(line);
                while (_lines.Count > 40)
                {
                    _lines.Dequeue();
                }
            }
        }

        public override string ToString()
        {
            lock (_lines)
            {
                var sb = new StringBuilder();
                foreach (var line in _lines)
                {
                    sb.AppendLine(line);
                }

                return sb.ToString();
            }
        }
    }
}
