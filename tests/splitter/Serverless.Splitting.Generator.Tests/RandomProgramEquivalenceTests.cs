using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Serverless.Orchestrations.InMemory;
using Serverless.Orchestrations.Runtime;

namespace Serverless.Splitting.Generator.Tests;

public sealed class RandomProgramEquivalenceTests
{
    [Theory]
    [InlineData(1, false)]
    [InlineData(2, false)]
    [InlineData(3, true)]
    [InlineData(4, true)]
    [InlineData(5, false)]
    [InlineData(6, true)]
    public async Task EveryValidSplit_RandomStraightLinePrograms_EqualsDirectCall(int seed, bool isAsync)
    {
        var random = new Random(seed * 104729);
        var sources = ProgramGenerator.Sources(random, isAsync);

        var build = InMemoryBuild.Build(sources, assemblyName: "RandomPrograms" + seed);
        var errors = build.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors) + "\n" + string.Join("\n----\n", sources));
        var generatedProblems = build.Problems.Where(d => d.Location.SourceTree?.FilePath.Contains("SplitGenerator", StringComparison.Ordinal) == true).ToList();
        Assert.True(generatedProblems.Count == 0, string.Join("\n", generatedProblems));

        var context = new AssemblyLoadContext("random-programs-" + seed, isCollectible: true);
        try
        {
            var assembly = InMemoryBuild.Load(build.Output, context);
            var catalogue = SplitFunctionRegistry.FromAssemblies(assembly);
            Assert.Equal(12, catalogue.All.Count);
            var checkedSplits = 0;
            foreach (var entry in catalogue.All)
            {
                var source = sources[int.Parse(entry.Id.Split(".M")[^1], System.Globalization.CultureInfo.InvariantCulture) + 1];
                Assert.True(entry.IsSplittable, $"{entry.Id} is not splittable: {entry.Function.ManifestJson}\n{source}");
                for (var a = 0; a < 2; a++)
                {
                    var json = ProgramGenerator.Arguments(random);
                    var arguments = SplitArguments.Bind(entry.Function, System.Text.Encoding.UTF8.GetBytes(json));
                    var direct = await Outcome.OfAsync(() => entry.Function.InvokeOriginalAsync(SplitArguments.ToValues(entry.Function, arguments)), entry.Function.ResultType);
                    var executor = new LocalSplitExecutor(new InMemoryStateStore());
                    foreach (var units in Splits.Valid(entry.Graph, randomCount: 25, seed: random.Next()))
                    {
                        var split = await Outcome.OfAsync(async () => (await executor.RunAsync(entry, units, arguments, "e" + checkedSplits)).Result, entry.Function.ResultType);
                        Assert.True(direct == split, $"{entry.Id} args {json} units {string.Join(" ", units.Select(u => "[" + string.Join(",", u) + "]"))}:\n direct {direct}\n split  {split}\n{source}\n{entry.Function.ManifestJson}");
                        checkedSplits++;
                    }
                }
            }

            Assert.True(checkedSplits > 12 * 2 * 2, $"only {checkedSplits} splits checked");
        }
        finally
        {
            context.Unload();
        }
    }
}
