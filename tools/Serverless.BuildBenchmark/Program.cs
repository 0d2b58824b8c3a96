using System.Diagnostics;
using System.Globalization;
using Serverless.BuildBenchmark;

// Build cost users feel: a clean `dotnet build` (restore included) of a generated project with [Splitable] methods
// and the generator vs the same code without [Splitable] and without the generator, median of N runs each,
// interleaved in one run so that both see the same machine load. Prints the medians and the ratio.
var options = BenchmarkOptions.Parse(args);
if (options.Error is { } error)
{
    Console.Error.WriteLine(error);
    Console.Error.WriteLine(BenchmarkOptions.Usage);
    return 2;
}

var root = FindRepoRoot(AppContext.BaseDirectory) ?? FindRepoRoot(Directory.GetCurrentDirectory());
if (root is null)
{
    Console.Error.WriteLine("Could not find Serverless.sln above the tool or the current directory; run the benchmark from the repository.");
    return 2;
}

Console.WriteLine("Building the generator and the annotations (Release, not timed)...");
foreach (var project in new[] { "splitter/Serverless.Annotations/Serverless.Annotations.csproj", "splitter/Serverless.Splitting.Generator/Serverless.Splitting.Generator.csproj" })
{
    var prerequisite = Dotnet(root, ["build", Path.Combine(root, project), "-c", "Release", "-nologo", "-v", "q"]);
    if (prerequisite.ExitCode != 0)
    {
        Console.Error.WriteLine($"Building {project} failed (exit {prerequisite.ExitCode}); fix the build first:\n{Tail(prerequisite.Output)}");
        return 1;
    }
}

var inputs = new BenchmarkInputs(
    Path.Combine(root, "splitter/Serverless.Annotations/bin/Release/netstandard2.0/Serverless.Annotations.dll"),
    Path.Combine(root, "splitter/Serverless.Splitting.Generator/bin/Release/netstandard2.0/Serverless.Splitting.Generator.dll"),
    Path.Combine(root, "splitter/Serverless.Splitting.Generator/bin/Release/netstandard2.0/Serverless.Splitting.dll"),
    Path.Combine(root, "splitter/Serverless.Splitting.Generator/bin/Release/netstandard2.0/Serverless.Contracts.dll"));
foreach (var dll in new[] { inputs.AnnotationsDll, inputs.GeneratorDll, inputs.SplittingDll, inputs.ContractsDll })
{
    if (!File.Exists(dll))
    {
        Console.Error.WriteLine($"Expected {dll} after the Release build, but it is not there.");
        return 1;
    }
}

var work = options.Directory ?? Path.Combine(Path.GetTempPath(), "serverless-build-benchmark-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
Directory.CreateDirectory(work);
// Stop MSBuild from picking up a Directory.Build.props above the work folder; use the repository's SDK.
File.WriteAllText(Path.Combine(work, "Directory.Build.props"), "<Project />\n");
File.WriteAllText(Path.Combine(work, "Directory.Build.targets"), "<Project />\n");
File.Copy(Path.Combine(root, "global.json"), Path.Combine(work, "global.json"), overwrite: true);
var withGenerator = BenchmarkProject.Write(Path.Combine(work, "with-generator"), withGenerator: true, options.Splitable, options.Plain, inputs);
var withoutGenerator = BenchmarkProject.Write(Path.Combine(work, "without-generator"), withGenerator: false, options.Splitable, options.Plain, inputs);
Console.WriteLine($"Generated {options.Splitable} [Splitable] methods (20 statements each) + {options.Plain} plain methods in {work}");

try
{
    Console.WriteLine("Warm-up build of each (not timed)...");
    CleanBuild(withGenerator);
    CleanBuild(withoutGenerator);
    if (!HasSplitRegistry(withGenerator) || HasSplitRegistry(withoutGenerator))
    {
        Console.Error.WriteLine("The generator did not run in the build with [Splitable] methods (or ran in the one without): the comparison would be meaningless.");
        return 1;
    }

    var withTimes = new List<double>();
    var withoutTimes = new List<double>();
    for (var run = 0; run < options.Runs; run++)
    {
        // Alternate the order (ABBA) so that a load change during the run falls on both sides.
        if (run % 2 == 0)
        {
            withTimes.Add(CleanBuild(withGenerator));
            withoutTimes.Add(CleanBuild(withoutGenerator));
        }
        else
        {
            withoutTimes.Add(CleanBuild(withoutGenerator));
            withTimes.Add(CleanBuild(withGenerator));
        }

        Console.WriteLine($"run {run + 1}/{options.Runs}: with generator {withTimes[^1]:F0} ms, without {withoutTimes[^1]:F0} ms");
    }

    var withMedian = Median(withTimes);
    var withoutMedian = Median(withoutTimes);
    var ratio = withMedian / withoutMedian;
    Console.WriteLine();
    Console.WriteLine($"clean `dotnet build`, median of {options.Runs}: with [Splitable] + generator {withMedian:F0} ms, without {withoutMedian:F0} ms");
    Console.WriteLine($"ratio {ratio:F2} (target <= 1.15: {(ratio <= 1.15 ? "met" : "not met")})");
    if (options.ReportAnalyzers)
    {
        // One more clean build with the compiler's own timing of analyzers and generators (not part of the medians).
        Console.WriteLine();
        Console.WriteLine("Compiler-reported time of the generator and the analyzer in one more clean build (-p:ReportAnalyzer=true):");
        var report = CleanBuildOutput(withGenerator, ["-p:ReportAnalyzer=true", "-v", "d"]);
        foreach (var line in report.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length < 300 && (l.Contains("execution time", StringComparison.Ordinal) || l.Contains("Serverless.Splitting.Generator.", StringComparison.Ordinal))).Distinct())
        {
            Console.WriteLine("  " + line.Trim());
        }
    }
}
catch (BuildFailedException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 1;
}
finally
{
    if (!options.Keep)
    {
        Directory.Delete(work, recursive: true);
    }
}

return 0;

static double CleanBuild(string project) => CleanBuildTimed(project, []).Milliseconds;

static string CleanBuildOutput(string project, IReadOnlyList<string> extra) => CleanBuildTimed(project, extra).Output;

static (double Milliseconds, string Output) CleanBuildTimed(string project, IReadOnlyList<string> extra)
{
    var directory = Path.GetDirectoryName(project)!;
    foreach (var output in new[] { "bin", "obj" })
    {
        var path = Path.Combine(directory, output);
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }

    var started = Stopwatch.GetTimestamp();
    var result = Dotnet(directory, ["build", project, "-nologo", .. (extra.Count == 0 ? ["-v", "q"] : extra)]);
    var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    if (result.ExitCode != 0)
    {
        throw new BuildFailedException($"`dotnet build {project}` failed (exit {result.ExitCode}):\n{Tail(result.Output)}");
    }

    return (elapsed, result.Output);
}

// True when the built assembly carries the generator's registration of splittable functions.
static bool HasSplitRegistry(string project)
{
    var dll = Directory.GetFiles(Path.Combine(Path.GetDirectoryName(project)!, "bin"), "UserApp.dll", SearchOption.AllDirectories).Single();
    using var stream = File.OpenRead(dll);
    using var pe = new System.Reflection.PortableExecutable.PEReader(stream);
    var reader = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
    return reader.TypeDefinitions.Any(t => reader.GetString(reader.GetTypeDefinition(t).Name) == "SplitFunctionProvider");
}

static (int ExitCode, string Output) Dotnet(string workingDirectory, IReadOnlyList<string> arguments)
{
    var start = new ProcessStartInfo("dotnet")
    {
        WorkingDirectory = workingDirectory,
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        UseShellExecute = false,
    };
    foreach (var a in arguments)
    {
        start.ArgumentList.Add(a);
    }

    start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
    start.Environment["DOTNET_NOLOGO"] = "1";
    using var process = Process.Start(start) ?? throw new BuildFailedException("Could not start `dotnet`; is the .NET SDK on PATH?");
    var stderr = process.StandardError.ReadToEndAsync();
    var stdout = process.StandardOutput.ReadToEnd();
    process.WaitForExit();
    return (process.ExitCode, stdout + stderr.GetAwaiter().GetResult());
}

static string Tail(string output)
{
    var lines = output.Split('\n');
    return string.Join('\n', lines.Skip(Math.Max(0, lines.Length - 30)));
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}

static string? FindRepoRoot(string start)
{
    for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "Serverless.sln")))
        {
            return dir.FullName;
        }
    }

    return null;
}
