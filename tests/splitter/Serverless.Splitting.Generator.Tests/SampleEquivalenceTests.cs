using Serverless.Annotations.Runtime;
using Serverless.Orchestrations.InMemory;
using Serverless.Orchestrations.Runtime;
using Serverless.Samples;

namespace Serverless.Splitting.Generator.Tests;

public sealed class SampleEquivalenceTests
{
    private static readonly SplitFunctionRegistry Catalogue = SplitFunctionRegistry.FromAssemblies(typeof(DocumentPipeline).Assembly);

    public static TheoryData<string> Functions()
    {
        var data = new TheoryData<string>();
        foreach (var e in Catalogue.All)
        {
            data.Add(e.Id);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public async Task EverySplit_SampleFunction_EqualsDirectCall(string functionId)
    {
        var entry = Catalogue.Get(functionId);
        var random = new Random(functionId.Length * 7919);
        foreach (var argumentsJson in SampleArguments.For(functionId, random, count: 3))
        {
            var arguments = SplitArguments.Bind(entry.Function, System.Text.Encoding.UTF8.GetBytes(argumentsJson));
            var direct = await Outcome.OfAsync(() => entry.Function.InvokeOriginalAsync(SplitArguments.ToValues(entry.Function, arguments)), entry.Function.ResultType);
            var executor = new LocalSplitExecutor(new InMemoryStateStore());
            var splits = 0;
            foreach (var units in Splits.Valid(entry.Graph, randomCount: 40, seed: random.Next()))
            {
                var split = await Outcome.OfAsync(async () => (await executor.RunAsync(entry, units, arguments, "x" + splits)).Result, entry.Function.ResultType);
                Assert.True(direct == split, $"{functionId} {argumentsJson} units {Describe(units)}: direct {direct}, split {split}");
                splits++;
            }

            Assert.True(splits >= 2, $"{functionId}: expected at least two valid splits, found {splits}");
        }
    }

    private static string Describe(IReadOnlyList<IReadOnlyList<int>> units) => string.Join(" ", units.Select(u => "[" + string.Join(",", u) + "]"));
}
