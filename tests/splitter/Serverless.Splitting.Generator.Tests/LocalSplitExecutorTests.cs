using Serverless.Orchestrations.InMemory;
using Serverless.Orchestrations.Ports;
using Serverless.Orchestrations.Runtime;
using Serverless.Samples;

namespace Serverless.Splitting.Generator.Tests;

public sealed class LocalSplitExecutorTests
{
    private static readonly SplitFunctionRegistry Catalogue = SplitFunctionRegistry.FromAssemblies(typeof(DocumentPipeline).Assembly);

    private static IReadOnlyDictionary<string, ReadOnlyMemory<byte>> LoanArguments(RegisteredFunction entry)
        => SplitArguments.Bind(entry.Function, """{"principal":1000,"annualRatePercent":6,"months":3}"""u8.ToArray());

    [Theory]
    [InlineData("[[0,1,2,3,4,5,6,7]]", "Segment 8 is in no unit")]
    [InlineData("[[0,1,2,3,4,5,6,7,8],[8]]", "Segment 8 is in unit 0 and in unit 1")]
    [InlineData("[[0,1,2,3,4,5,6,7,9]]", "lists segment 9")]
    public async Task RunAsync_UnitsNotAPartition_ThrowsSplitPlanException(string units, string expected)
    {
        var entry = Catalogue.Get("Serverless.Samples.LoanSchedule.Amortize");
        var parsed = System.Text.Json.JsonSerializer.Deserialize<int[][]>(units)!;
        var ex = await Assert.ThrowsAsync<SplitPlanException>(() => new LocalSplitExecutor(new InMemoryStateStore()).RunAsync(entry, parsed, LoanArguments(entry), "e"));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_CyclicUnits_ThrowsSplitPlanException()
    {
        var entry = Catalogue.Get("Serverless.Samples.LoanSchedule.Amortize");
        var n = entry.Graph.Segments.Count;
        IReadOnlyList<IReadOnlyList<int>> units = [[1, n - 1], [0, .. Enumerable.Range(2, n - 3)]];
        var ex = await Assert.ThrowsAsync<SplitPlanException>(() => new LocalSplitExecutor(new InMemoryStateStore()).RunAsync(entry, units, LoanArguments(entry), "e"));
        Assert.Contains("cycle", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_EveryUnit_VariablesCrossOnlyThroughStore()
    {
        var entry = Catalogue.Get("Serverless.Samples.LoanSchedule.Amortize");
        var store = new InMemoryStateStore();
        var result = await new LocalSplitExecutor(store).RunAsync(entry, SplitUnits.Every(entry.Graph.Segments.Count), LoanArguments(entry), "exec-1");

        var keys = await store.ListAsync("exec-1");
        Assert.Contains(keys, k => k.Variable == "principal" && k.ProducingUnit == LocalSplitExecutor.ArgumentsProducer);
        Assert.Contains(keys, k => k.Variable == LocalSplitExecutor.ResultVariable);
        foreach (var edge in entry.Graph.Edges.Where(e => e.Kind == "data"))
        {
            foreach (var v in edge.Variables)
            {
                Assert.Contains(keys, k => k.Variable == v && k.ProducingUnit == $"{edge.From}.{edge.From}");
            }
        }

        var direct = LoanSchedule.Amortize(1000, 6, 3);
        var split = Assert.IsType<LoanSummary>(result.Result);
        Assert.Equal(direct.TotalPaid, split.TotalPaid);
        Assert.Equal(direct.Rows, split.Rows);
    }
}
