using Serverless.Contracts.Manifest;
using static Serverless.Splitting.Tests.Harness;

namespace Serverless.Splitting.Tests;

/// <summary>
/// State outside the method (statics of the user's code, members of <c>this</c>): every read is ordered after the
/// last earlier change, every change after the earlier reads; a variable holding such an object is not carried.
/// </summary>
public sealed class SharedStateOrderTests
{
    [Fact]
    public void Analyze_StaticReadAfterLoopThatWritesIt_OrderEdgeFromTheLoop()
    {
        var g = Ok("""
            var before = s_calls;
            s_calls = 0;
            foreach (var n in names) { s_calls++; }
            var calls = s_calls;
            s_calls = before;
            return calls;
            """, "string[] names", "int", "private static int s_calls;");
        var order = Edges(g).Where(e => e.EndsWith("order[]", StringComparison.Ordinal)).ToArray();
        // Read 0 before the write 1 (anti); writes 1, 2 in order; read 3 after write 2; write 4 after read 3.
        Assert.Equal(["0->1 order[]", "1->2 order[]", "2->3 order[]", "2->4 order[]", "3->4 order[]"], order);
        Assert.True(g.IsSplittable);
    }

    [Fact]
    public void Analyze_ReadsOnlyOfStaticState_NoOrderEdges()
    {
        var g = Ok("""
            var a = s_rate * x;
            var b = Field + x;
            return a + b;
            """, "int x", "int", "private static int s_rate = 3;");
        Assert.DoesNotContain(Edges(g), e => e.Contains("order", StringComparison.Ordinal));
    }

    [Fact]
    public void Analyze_HelperThatWritesStatic_IsAWriteOrderedBeforeLaterReads()
    {
        const string Members = """
            private static int s_total;
            private static void Add(int v) => Bump(v);
            private static void Bump(int v) { s_total += v; }
            private static int Read() => s_total;
            private static int Pure(int v) => v * 2;
            """;
        var g = Ok("""
            var p = Pure(x);
            Add(p);
            var t = Read();
            return t;
            """, "int x", "int", Members);
        Assert.Contains("1->2 order[]", Edges(g));
        Assert.DoesNotContain(Edges(g), e => e.StartsWith("0->", StringComparison.Ordinal) && e.Contains("order", StringComparison.Ordinal));
        var spl007 = Assert.Single(g.Diagnostics, d => d.Id == "SPL007");
        Assert.Contains("C.Add", spl007.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_InstanceMethodChangingThis_IsAWriteOrderedWithFieldReads()
    {
        var g = Ok("""
            var a = Field;
            Reset();
            return a + Field;
            """, "", "int", "private void Reset() { Field = 0; }");
        Assert.Equal(["0->1 order[]", "0->2 data[a]", "1->2 order[]"], Edges(g));
        Assert.Contains(g.Diagnostics, d => d.Id == "SPL007" && d.Message.Contains("changes this", StringComparison.Ordinal));
    }

    [Fact]
    public void Analyze_LocalHoldingStaticList_CrossingIsRefusedByName()
    {
        var g = Ok("""
            var log = s_log;
            log.Add(x);
            return s_log.Count;
            """, "int x", "int", "private static readonly List<int> s_log = new();");
        var d = Assert.Single(g.Diagnostics, d => d.Id == "SPL005");
        Assert.Equal(DiagnosticSeverityNames.Error, d.Severity);
        Assert.Contains("'log'", d.Message, StringComparison.Ordinal);
        Assert.Contains("static C.s_log", d.Message, StringComparison.Ordinal);
        Assert.False(g.IsSplittable);
    }

    [Fact]
    public void Analyze_LoopVariableOverThisListChangedInPlace_IsAWriteOfThis()
    {
        var g = Ok("""
            var before = Items.Count;
            foreach (var h in Items) { h.N++; }
            return Items.Sum(h => h.N) + before;
            """, "", "int", "public sealed class H { public int N; } public List<H> Items = new();");
        Assert.Contains("1->2 order[]", Edges(g));
        Assert.Contains("0->1 order[]", Edges(g));
    }

    [Fact]
    public void Analyze_CopyOfStaticListCrosses_IsNotRefused()
    {
        var g = Ok("""
            var copy = s_log.ToList();
            copy.Add(x);
            return copy.Count;
            """, "int x", "int", "private static readonly List<int> s_log = new();");
        Assert.DoesNotContain(g.Diagnostics, d => d.Id == "SPL005");
        Assert.True(g.IsSplittable);
    }
}
