using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Serverless.Local.Tests.MultiProcess;

/// <summary>
/// A [Splitable] function given to serve and workers with --source: four segments, one unit each. Unit 1 writes the
/// marker <c>started-{seed}-{worker pid}</c> and then holds until the file <c>release</c> exists, so a test knows which
/// worker is in the middle of which unit and can kill it there, without any timing. Result: 2 × seed + 1.
/// </summary>
internal sealed class GateFunction
{
    public const string Id = "Crash.Gate.Run";
    public const int Units = 4;
    public const string Region = "westeurope";

    private const string Source = """
        using System;
        using System.IO;
        using System.Threading;
        using Serverless.Annotations;

        namespace Crash;

        public static partial class Gate
        {
            [Splitable]
            [ResourceConstraint(TimeoutSeconds = 600)]
            public static int Run(string dir, int seed)
            {
                var a = seed * 2;
                var held = Hold(dir, seed, a);
                var b = held + 1;
                return b;
            }

            private static int Hold(string dir, int seed, int value)
            {
                File.WriteAllText(Path.Combine(dir, "started-" + seed + "-" + Environment.ProcessId), "");
                while (!File.Exists(Path.Combine(dir, "release")))
                {
                    Thread.Sleep(20);
                }

                return value;
            }
        }
        """;

    private GateFunction(string directory, string sourcePath)
    {
        Directory = directory;
        SourcePath = sourcePath;
    }

    public string Directory { get; }

    public string SourcePath { get; }

    public static GateFunction Create()
    {
        var dir = Path.Combine(Path.GetTempPath(), "serverless-mp-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "Gate.cs");
        File.WriteAllText(path, Source);
        return new GateFunction(dir, path);
    }

    public static int Expected(int seed) => (2 * seed) + 1;

    public void Release() => File.WriteAllText(Path.Combine(Directory, "release"), "");

    /// <summary>The pids of the workers that started unit 1 of the execution with <paramref name="seed"/>.</summary>
    public IReadOnlyList<int> StartedBy(int seed)
        => [.. System.IO.Directory.EnumerateFiles(Directory, $"started-{seed.ToString(CultureInfo.InvariantCulture)}-*")
            .Select(f => int.Parse(Path.GetFileName(f).Split('-')[2], CultureInfo.InvariantCulture))];

    /// <summary>Waits until unit 1 of <paramref name="seed"/> runs somewhere (a hang guard, not a timing assertion).</summary>
    public async Task<int> WaitStartedAsync(int seed, int notBy = 0)
    {
        for (var i = 0; i < 3000; i++)
        {
            if (StartedBy(seed).FirstOrDefault(p => p != notBy) is var pid and not 0)
            {
                return pid;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"unit 1 of seed {seed} never started");
    }

    /// <summary>The submit body: the gate with one unit per segment, all in <see cref="Region"/>.</summary>
    public string SubmitBody(int seed)
    {
        var units = string.Join(",", Enumerable.Range(0, Units).Select(u => $$"""{"id":{{u}},"segments":[{{u}}],"region":"{{Region}}"}"""));
        var arguments = $$"""{"dir":{{JsonSerializer.Serialize(Directory)}},"seed":{{seed.ToString(CultureInfo.InvariantCulture)}}}""";
        var plan = $$"""{"algorithm":"given","units":[{{units}}],"cost":{"compute":0,"transfer":0,"total":0},"makespanMs":0,"objective":0""" + "}";
        return $$"""{"function":"{{Id}}","arguments":{{arguments}},"plan":{{plan}}""" + "}";
    }

    public void Delete()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
