using System.Runtime.Loader;
using System.Text;
using CsCheck;
using Serverless.Annotations.Runtime;
using Serverless.Orchestrations.InMemory;
using Serverless.Orchestrations.Ports;
using Serverless.Orchestrations.Runtime;

namespace Serverless.Splitting.Generator.Tests;

/// <summary>
/// The run-time round-trip guard (on in every test), the serializer agreeing with the fidelity rule, and live values
/// within a unit.
/// </summary>
public sealed class FidelityGuardTests
{
    private const string Source = """
        using Serverless.Annotations;
        using System.Numerics;

        namespace Fidelity;

        public class Animal { public string Name { get; set; } = ""; }
        public sealed class Dog : Animal { public int Barks { get; set; } }
        public sealed class Node { public int Value { get; set; } public Node? Next { get; set; } }
        public record Line(string Sku, int Quantity, decimal Price);
        public sealed class Basket { public List<Line> Lines { get; set; } = new(); public Dictionary<string, double> Weights { get; set; } = new(); }

        public static partial class Checks
        {
            [Splitable]
            public static int Subclass(int n)
            {
                Animal a = new Dog { Name = "rex", Barks = n };
                return a is Dog d ? d.Barks : -1;
            }

            // Built by another method, out of the build-time rule's sight: the run-time guard catches the comparer.
            private static Dictionary<string, int> CaseInsensitiveCounts() => new(StringComparer.OrdinalIgnoreCase);

            [Splitable]
            public static bool Comparer(string key)
            {
                var counts = CaseInsensitiveCounts();
                counts[key.ToUpperInvariant()] = 1;
                return counts.ContainsKey(key.ToLowerInvariant());
            }

            [Splitable]
            public static bool NotANumber(double zero)
            {
                var x = zero / zero;
                return double.IsNaN(x);
            }

            [Splitable]
            public static int Cycle(int v)
            {
                var node = new Node { Value = v };
                node.Next = node;
                return node.Next.Value;
            }

            [Splitable]
            public static int[] SortInPlace(int[] a)
            {
                Array.Sort(a);
                return a;
            }

            [Splitable]
            public static string Plain(int n)
            {
                var lines = new List<Line>();
                for (var i = 0; i < n; i++) { lines.Add(new Line("sku" + i, i + 1, 1.5m * i)); }
                var array = lines.Where(l => l.Quantity % 2 == 1).ToArray();
                var weights = new Dictionary<string, double>();
                foreach (var l in lines) { weights[l.Sku] = l.Quantity * 0.25; }
                var basket = new Basket { Lines = lines, Weights = weights };
                var big = BigInteger.Pow(3, 40 + n);
                var total = basket.Lines.Sum(l => l.Price * l.Quantity) + array.Length;
                return total + "/" + string.Join(",", basket.Weights.Select(kv => kv.Key + "=" + kv.Value)) + "/" + big;
            }

            [Splitable]
            public static BigInteger Power(int n)
            {
                var b = BigInteger.Pow(7, n);
                return b * 2;
            }
        }
        """;

    private static readonly Lazy<(SplitFunctionRegistry Catalogue, AssemblyLoadContext Context)> Built = new(() =>
    {
        var build = InMemoryBuild.Build([Source], assemblyName: "Fidelity");
        Assert.True(!build.Problems.Any(), string.Join("\n", build.Problems));
        var context = new AssemblyLoadContext("fidelity", isCollectible: false);
        return (SplitFunctionRegistry.FromAssemblies(InMemoryBuild.Load(build.Output, context)), context);
    });

    private static RegisteredFunction Entry(string method) => Built.Value.Catalogue.Get("Fidelity.Checks." + method);

    private static Task<LocalRunResult> RunAsync(RegisteredFunction entry, IReadOnlyList<IReadOnlyList<int>> units, string json)
        => new LocalSplitExecutor(new InMemoryStateStore()).RunAsync(entry, units, SplitArguments.Bind(entry.Function, Encoding.UTF8.GetBytes(json)), "f");

    [Fact]
    public void Guard_IsOnInTests() => Assert.True(SplitFidelity.Enabled);

    [Theory]
    [InlineData("Subclass", """{"n":3}""", "'a'", "Fidelity.Dog")]
    [InlineData("Comparer", """{"key":"k"}""", "'counts'", "comparer")]
    [InlineData("NotANumber", """{"zero":0}""", "'x'", "cannot be serialised")]
    [InlineData("Cycle", """{"v":5}""", "'node'", "cannot be serialised")]
    public async Task EveryUnit_ValueNotFaithful_FailsNamingVariable(string method, string json, string variable, string reason)
    {
        var entry = Entry(method);
        Assert.True(entry.IsSplittable, entry.Function.ManifestJson);
        var ex = await Assert.ThrowsAsync<SplitFidelityException>(() => RunAsync(entry, SplitUnits.Every(entry.Graph.Segments.Count), json));
        Assert.StartsWith("Variable " + variable, ex.Message, StringComparison.Ordinal);
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);

        // In one unit nothing crosses: the result is the direct call's.
        var arguments = SplitArguments.Bind(entry.Function, Encoding.UTF8.GetBytes(json));
        var direct = await Outcome.OfAsync(() => entry.Function.InvokeOriginalAsync(SplitArguments.ToValues(entry.Function, arguments)), entry.Function.ResultType);
        var one = await Outcome.OfAsync(async () => (await RunAsync(entry, SplitUnits.One(entry.Graph.Segments.Count), json)).Result, entry.Function.ResultType);
        Assert.Equal(direct, one);
    }

    [Fact]
    public async Task OneUnit_ArgumentSortedInPlace_LaterSegmentSeesLiveValue()
    {
        var entry = Entry("SortInPlace");
        var result = await RunAsync(entry, SplitUnits.One(entry.Graph.Segments.Count), """{"a":[3,1,2]}""");
        Assert.Equal([1, 2, 3], Assert.IsType<int[]>(result.Result));

        var runner = new GeneratedSegmentRunner(Built.Value.Catalogue);
        var arguments = SplitArguments.Bind(entry.Function, """{"a":[5,4,9,1]}"""u8.ToArray());
        var unit = await runner.RunAsync(new UnitRunRequest(entry.Id, [.. Enumerable.Range(0, entry.Graph.Segments.Count)], arguments, []));
        Assert.True(unit.Returned);
        Assert.Equal("[1,4,5,9]", Encoding.UTF8.GetString(unit.ReturnValue!.Value.Span));
    }

    [Fact]
    public async Task PlainData_RecordsListsArraysDictionariesBigInteger_EveryValidSplitEqualsDirect()
    {
        foreach (var method in new[] { "Plain", "Power" })
        {
            var entry = Entry(method);
            Assert.True(entry.IsSplittable, entry.Function.ManifestJson);
            foreach (var n in new[] { 0, 3, 7 })
            {
                var json = "{\"n\":" + n + "}";
                var arguments = SplitArguments.Bind(entry.Function, Encoding.UTF8.GetBytes(json));
                var direct = await Outcome.OfAsync(() => entry.Function.InvokeOriginalAsync(SplitArguments.ToValues(entry.Function, arguments)), entry.Function.ResultType);
                Assert.Null(direct.ExceptionType);
                foreach (var units in Splits.Valid(entry.Graph, randomCount: 20, seed: n))
                {
                    var split = await Outcome.OfAsync(async () => (await RunAsync(entry, units, json)).Result, entry.Function.ResultType);
                    Assert.True(direct == split, $"{method} {json}: {direct} vs {split}");
                }
            }
        }
    }

    [Fact]
    public void BigInteger_IsAnExactJsonNumber()
    {
        var value = System.Numerics.BigInteger.Pow(7, 60) * -1;
        var json = SplitJson.Serialize(value, typeof(System.Numerics.BigInteger));
        Assert.Equal(value.ToString(System.Globalization.CultureInfo.InvariantCulture), Encoding.UTF8.GetString(json));
        Assert.Equal(value, SplitJson.Deserialize(json, typeof(System.Numerics.BigInteger)));
    }

    public sealed record Item(string Name, int Count, decimal Price, DateTimeOffset At);

    public sealed class Holder
    {
        public List<Item> Items { get; set; } = [];

        public Dictionary<string, double> Scores { get; set; } = [];

        public Stack<int> Undo { get; set; } = new();

        public int[][] Grid { get; set; } = [];
    }

    private static readonly Gen<Item> GenItem = Gen.Select(Gen.String, Gen.Int, Gen.Decimal, Gen.Long[-62135596800000L, 253402300799000L], Gen.Int[-14 * 60, 14 * 60])
        .Select((s, i, d, ms, offset) => new Item(s, i, d, DateTimeOffset.FromUnixTimeMilliseconds(ms).ToOffset(TimeSpan.FromMinutes(offset))));

    private static readonly Gen<Holder> GenHolder = Gen.Select(
            GenItem.List[0, 8],
            Gen.Dictionary(Gen.String, Gen.Double.Where(double.IsFinite))[0, 8],
            Gen.Int.Array[0, 8],
            Gen.Int.Array[0, 4].Array[0, 4])
        .Select((items, scores, undo, grid) => new Holder { Items = items, Scores = scores, Undo = new Stack<int>(undo), Grid = grid });

    [Fact]
    public void Verify_CarriedPlainData_RoundTripsFaithfully()
        => GenHolder.Sample(h => SplitFidelity.Verify("h", h, typeof(Holder), SplitJson.Serialize(h, typeof(Holder))));

    [Fact]
    public void Verify_RemovedDictionaryEntryOrSharedReference_Fails()
    {
        GenHolder.Where(h => h.Scores.Count > 1).Sample(h =>
        {
            h.Scores.Remove(h.Scores.Keys.First());
            var ex = Assert.Throws<SplitFidelityException>(() => SplitFidelity.Verify("h", h, typeof(Holder), SplitJson.Serialize(h, typeof(Holder))));
            Assert.Contains("Scores", ex.Message, StringComparison.Ordinal);
        });

        var shared = new List<int> { 1 };
        var ex = Assert.Throws<SplitFidelityException>(() => SplitFidelity.Verify("pair", new[] { shared, shared }, typeof(List<int>[]), SplitJson.Serialize(new[] { shared, shared }, typeof(List<int>[]))));
        Assert.Contains("shared reference", ex.Message, StringComparison.Ordinal);
    }
}

/// <summary>A const local on a data edge is in the unit's outputs, so the engine finds it in the state store.</summary>
public sealed class ConstCrossingTests
{
    private const string Source = """
        using Serverless.Annotations;

        namespace Consts;

        public static partial class Scale
        {
            [Splitable]
            public static int Times(int x)
            {
                const int Factor = 3;
                var scaled = x * Factor;
                return scaled + Factor;
            }
        }
        """;

    [Fact]
    public async Task RunAsync_ConstLocal_IsNoEdgeAndEveryUnitSeesItsValue()
    {
        var build = InMemoryBuild.Build([Source], assemblyName: "Consts");
        var context = new AssemblyLoadContext("consts", isCollectible: true);
        try
        {
            var catalogue = SplitFunctionRegistry.FromAssemblies(InMemoryBuild.Load(build.Output, context));
            var entry = catalogue.Get("Consts.Scale.Times");

            // A const is a compile-time constant each segment's code holds: it never crosses, so no unit stores it
            // and no later unit waits for it in the state store.
            Assert.DoesNotContain(entry.Graph.Edges, e => e.Variables.Contains("Factor"));
            var runner = new GeneratedSegmentRunner(catalogue);
            var first = await runner.RunAsync(new UnitRunRequest(entry.Id, [0], new Dictionary<string, ReadOnlyMemory<byte>>(), []));
            Assert.DoesNotContain("Factor", first.Outputs.Keys);

            var arguments = SplitArguments.Bind(entry.Function, """{"x":5}"""u8.ToArray());
            var second = await runner.RunAsync(new UnitRunRequest(entry.Id, [1], new Dictionary<string, ReadOnlyMemory<byte>> { ["x"] = arguments["x"] }, ["scaled"]));
            var third = await runner.RunAsync(new UnitRunRequest(entry.Id, [2], new Dictionary<string, ReadOnlyMemory<byte>> { ["scaled"] = second.Outputs["scaled"] }, []));
            Assert.True(third.Returned);
            Assert.Equal("18", Encoding.UTF8.GetString(third.ReturnValue!.Value.Span));
        }
        finally
        {
            context.Unload();
        }
    }
}
