using Serverless.Local;

namespace Serverless.Local.Tests;

/// <summary>Runs the CLI in-process and keeps temporary input files for one test class.</summary>
public sealed class AnalyzeCliHarness : IDisposable
{
    public AnalyzeCliHarness()
    {
        Directory = Path.Combine(Path.GetTempPath(), "serverless-analyze-tests-" + Environment.ProcessId + "-" + Interlocked.Increment(ref s_counter));
        System.IO.Directory.CreateDirectory(Directory);
    }

    private static int s_counter;

    public string Directory { get; }

    public string Write(string name, string text)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    public string WriteBytes(string name, byte[] bytes)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await Cli.RunAsync(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
