using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Serverless.Orchestrations.InMemory;
using Serverless.Orchestrations.Runtime;
using Serverless.Contracts.Manifest;

namespace Serverless.Splitting.Generator.Tests.Corpus;

/// <summary>
/// Builds the whole corpus once with the generator (a method whose generated code breaks the build is taken out and
/// the rest rebuilt, so one failure does not hide the others), loads it, and checks one method: every split of it
/// equals the direct call, or the build refused it by name and it runs unsplit with the direct result.
/// </summary>
internal static class CorpusBuild
{
    private const int RandomSplits = 6;

    private static readonly Lazy<Built> Instance = new(Create);

    public static Built Get() => Instance.Value;

    /// <summary>Null when the method behaves soundly; otherwise what went wrong, for the test message.</summary>
    public static async Task<string?> CheckAsync(CorpusCase corpusCase)
    {
        var built = Get();
        if (built.BuildBreaks.TryGetValue(corpusCase.Name, out var breaks))
        {
            return "the generator breaks the build: " + breaks;
        }

        if (!built.Catalogue.TryGet(corpusCase.FunctionId, out var entry))
        {
            return $"{corpusCase.FunctionId} is not registered, so not even a direct run through the runtime works; diagnostics: {Describe(built.Diagnostics(corpusCase.Name))}";
        }

        var refusals = built.Diagnostics(corpusCase.Name).Where(IsRefusal).ToList();
        var executor = new LocalSplitExecutor(new InMemoryStateStore());
        var random = new Random(StableSeed(corpusCase.Name));
        var runs = 0;
        foreach (var argumentsJson in corpusCase.Arguments)
        {
            var arguments = SplitArguments.Bind(entry.Function, System.Text.Encoding.UTF8.GetBytes(argumentsJson));
            var direct = await Outcome.OfAsync(() => entry.Function.InvokeOriginalAsync(SplitArguments.ToValues(entry.Function, arguments)), entry.Function.ResultType);
            if (refusals.Count > 0 || !entry.IsSplittable)
            {
                if (refusals.Count == 0)
                {
                    return $"runs unsplit, but the build named no SPL error for it; manifest: {entry.Function.ManifestJson}";
                }

                var unsplit = await Outcome.OfAsync(async () => (await executor.RunAsync(entry, SplitUnits.One(Math.Max(1, entry.Graph.Segments.Count)), arguments, "c" + runs++)).Result, entry.Function.ResultType);
                if (unsplit != direct)
                {
                    return $"refused ({Describe(refusals)}) but the unsplit run differs for {argumentsJson}: direct {direct}, unsplit {unsplit}";
                }

                continue;
            }

            foreach (var units in SplitsOf(entry.Graph, random))
            {
                var split = await Outcome.OfAsync(async () => (await executor.RunAsync(entry, units, arguments, "c" + runs++)).Result, entry.Function.ResultType);
                if (split != direct)
                {
                    return $"split {Describe(units)} differs for {argumentsJson}:\n direct {direct}\n split  {split}\nmanifest: {entry.Function.ManifestJson}";
                }
            }
        }

        return null;
    }

    /// <summary>Every segment its own unit, all in one unit, and a few seeded random valid groupings.</summary>
    private static List<IReadOnlyList<IReadOnlyList<int>>> SplitsOf(SplitGraph graph, Random random)
    {
        var n = graph.Segments.Count;
        var splits = new List<IReadOnlyList<IReadOnlyList<int>>> { SplitUnits.Every(n), SplitUnits.One(n) };
        for (var attempts = 0; splits.Count < RandomSplits + 2 && attempts < 200; attempts++)
        {
            var candidate = Splits.Random(n, random);
            if (SplitUnits.IsValid(graph, candidate))
            {
                splits.Add(candidate);
            }
        }

        return splits;
    }

    /// <summary>An analysis error (the method runs unsplit) or a generator condition (SPL1xx, no executors).</summary>
    private static bool IsRefusal(Diagnostic d)
        => SplitDiagnostics.All.Any(s => s.Id == d.Id && s.Severity == DiagnosticSeverityNames.Error)
           || d.Id.StartsWith("SPL1", StringComparison.Ordinal);

    private static int StableSeed(string name) => name.Aggregate(17, (h, c) => unchecked((h * 31) + c));

    private static string Describe(IReadOnlyList<IReadOnlyList<int>> units) => string.Join(" ", units.Select(u => "[" + string.Join(",", u) + "]"));

    private static string Describe(IEnumerable<Diagnostic> diagnostics)
    {
        var text = string.Join("; ", diagnostics.Select(d => $"{d.Id}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}"));
        return text.Length == 0 ? "none" : text;
    }

    private static Built Create()
    {
        var cases = CorpusMethods.All;
        var breaks = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var round = 0; ; round++)
        {
            var included = cases.Where(c => !breaks.ContainsKey(c.Name)).ToList();
            var build = InMemoryBuild.Build(included.Select(c => c.Source), assemblyName: "Corpus" + round);
            var errors = build.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            if (errors.Count == 0)
            {
                var context = new AssemblyLoadContext("corpus", isCollectible: false);
                var assembly = InMemoryBuild.Load(build.Output, context);
                var byName = included.Select((c, i) => (c.Name, Path: $"/src/File{i}.cs")).ToDictionary(p => p.Name, p => p.Path, StringComparer.Ordinal);
                return new Built(SplitFunctionRegistry.FromAssemblies(assembly), breaks, build.Diagnostics, byName);
            }

            var blamed = errors.Select(e => Blame(e, included)).ToList();
            if (round >= 5 || blamed.Any(b => b is null))
            {
                throw new InvalidOperationException("The corpus does not compile, and not because of one method's generated code:\n" + string.Join("\n", errors));
            }

            foreach (var (error, name) in errors.Zip(blamed))
            {
                breaks.TryAdd(name!, $"{error.Id} {error.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}");
            }
        }
    }

    /// <summary>The corpus method an error belongs to: its own source file or its generated executors.</summary>
    private static string? Blame(Diagnostic error, IReadOnlyList<CorpusCase> included)
    {
        var path = error.Location.SourceTree?.FilePath ?? string.Empty;
        for (var i = 0; i < included.Count; i++)
        {
            if (path == $"/src/File{i}.cs" || Path.GetFileName(path).StartsWith($"Corpus.{included[i].Name}.", StringComparison.Ordinal))
            {
                return included[i].Name;
            }
        }

        return null;
    }

    internal sealed record Built(
        SplitFunctionRegistry Catalogue,
        IReadOnlyDictionary<string, string> BuildBreaks,
        IReadOnlyList<Diagnostic> AllDiagnostics,
        IReadOnlyDictionary<string, string> SourcePaths)
    {
        /// <summary>The SPL diagnostics the build reported in this method's source file.</summary>
        public IReadOnlyList<Diagnostic> Diagnostics(string name)
            => SourcePaths.TryGetValue(name, out var path)
                ? [.. AllDiagnostics.Where(d => d.Id.StartsWith("SPL", StringComparison.Ordinal) && d.Location.SourceTree?.FilePath == path)]
                : [];
    }
}
