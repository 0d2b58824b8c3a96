using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Serverless.Orchestrations.InMemory;
using Serverless.Orchestrations.Runtime;

namespace Serverless.Splitting.Generator.Tests;

public sealed class MethodShapeEquivalenceTests
{
    public static TheoryData<string, string[]> Cases()
    {
        var data = new TheoryData<string, string[]>();
        foreach (var (id, arguments) in MethodShapes.Cases)
        {
            data.Add(id, arguments);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task EveryValidSplit_MethodShape_EqualsDirectCall(string functionId, string[] argumentSets)
    {
        var build = InMemoryBuild.Build([MethodShapes.Source], assemblyName: "Shapes" + functionId.Length);
        Assert.True(!build.Problems.Any(), string.Join("\n", build.Problems));
        var context = new AssemblyLoadContext("shapes", isCollectible: true);
        try
        {
            var entry = SplitFunctionRegistry.FromAssemblies(InMemoryBuild.Load(build.Output, context)).Get(functionId);
            Assert.True(entry.IsSplittable, entry.Function.ManifestJson);
            foreach (var json in argumentSets)
            {
                var arguments = SplitArguments.Bind(entry.Function, System.Text.Encoding.UTF8.GetBytes(json));
                var direct = await Outcome.OfAsync(() => entry.Function.InvokeOriginalAsync(SplitArguments.ToValues(entry.Function, arguments)), entry.Function.ResultType);
                var count = 0;
                foreach (var units in Splits.Valid(entry.Graph, randomCount: 20, seed: 5))
                {
                    var split = await Outcome.OfAsync(async () => (await new LocalSplitExecutor(new InMemoryStateStore()).RunAsync(entry, units, arguments, "s")).Result, entry.Function.ResultType);
                    Assert.True(direct == split, $"{functionId} {json} {string.Join(" ", units.Select(u => "[" + string.Join(",", u) + "]"))}: {direct} vs {split}");
                    count++;
                }

                Assert.True(count >= 1);
            }
        }
        finally
        {
            context.Unload();
        }
    }
}
