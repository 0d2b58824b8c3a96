using static Serverless.Splitting.Tests.Harness;

namespace Serverless.Splitting.Tests;

public class WriteRuleTests
{
    private const string Types = """
        public sealed class Holder { public List<int> Items { get; } = new(); public int Count; }
        public sealed class Counter { public int N; [System.Diagnostics.Contracts.Pure] public int Peek() => N; public void Inc() => N++; }
        public readonly struct Point { public Point(int x) { X = x; } public int X { get; } public Point Shift(int d) => new Point(X + d); }
        public struct MutablePoint { public int X; public void Move() => X++; }
        private static void Set(out int v) => v = 1;
        private static void Bump(ref int v) => v++;
        private static Task<int> LoadAsync(int v) => Task.FromResult(v);
        """;

    [Fact]
    public void Analyze_ReceiverMutation_InstanceCallWritesReceiver()
    {
        var g = Ok("""
            var list = new List<int>();
            list.Add(x);
            var n = list.Count;
            var s = list.ToString();
            return n + s.Length;
            """, "int x", "int");
        Assert.Equal(["|list", "list,x|list", "list|n", "list|s", "n,s|"], Rw(g));
        Assert.Equal(["0->1 data[list]", "1->2 data[list]", "1->3 data[list]", "2->4 data[n]", "3->4 data[s]"], Edges(g));
    }

    [Fact]
    public void Analyze_ReceiverRootedThroughMembers_WritesRoot()
    {
        var g = Ok("""
            var h = new Holder();
            h.Items.Add(x);
            h.Count = 3;
            h.Items[0] = 5;
            return h.Count;
            """, "int x", "int", Types);
        Assert.Equal(["|h", "h,x|h", "h|h", "h|h", "h|"], Rw(g));
        Assert.Equal(["0->1 data[h]", "1->2 data[h]", "2->3 data[h]", "3->4 data[h]"], Edges(g));
    }

    [Fact]
    public void Analyze_KnownNonMutatingCalls_AreReadsOnly()
    {
        var g = Ok("""
            var c = new Counter();
            var p = new Point(1);
            var d = DateTime.UnixEpoch;
            var imm = System.Collections.Immutable.ImmutableList<int>.Empty;
            var a = c.Peek() + c.GetHashCode() + p.Shift(2).X + d.AddDays(1).Day + imm.Add(1).Count + s.Trim().Length;
            c.Inc();
            return a;
            """, "string s", "int", Types);
        Assert.Equal(["|c", "|p", "|d", "|imm", "c,d,imm,p,s|a", "c|c", "a|"], Rw(g));
    }

    [Fact]
    public void Analyze_ExtensionMethodAndLinq_ReadTheirThisArgument()
    {
        var g = Ok("""
            var list = new List<int> { 1, 2, 3 };
            var evens = list.Where(v => v % 2 == 0 && v > threshold).ToList();
            var any = list.Any();
            return evens.Count + (any ? 1 : 0);
            """, "int threshold", "int");
        Assert.Equal(["|list", "list,threshold|evens", "list|any", "any,evens|"], Rw(g));
        Assert.Equal(["0->1 data[list]", "0->2 data[list]", "1->3 data[evens]", "2->3 data[any]"], Edges(g));
    }

    [Fact]
    public void Analyze_StructReceiver_MutatingCallWritesReadonlyDoesNot()
    {
        var g = Ok("""
            var m = new MutablePoint();
            m.Move();
            var p = new Point(2);
            var q = p.Shift(1);
            return m.X + q.X;
            """, "", "int", Types);
        Assert.Equal(["|m", "m|m", "|p", "p|q", "m,q|"], Rw(g));
    }

    [Fact]
    public void Analyze_CompoundAssignmentAndIncrement_ReadAndWrite()
    {
        var g = Ok("""
            int? total = x;
            total += y;
            total++;
            total ??= 0;
            return total;
            """, "int x, int? y", "int?");
        Assert.Equal(["x|total", "total,y|total", "total|total", "total|total", "total|"], Rw(g));
        Assert.Equal(["0->1 data[total]", "1->2 data[total]", "2->3 data[total]", "3->4 data[total]"], Edges(g));
    }

    [Fact]
    public void Analyze_ConditionalWrite_PassesValueThrough()
    {
        var g = Ok("""
            var y = 0;
            if (x > 0) y = x;
            Console.WriteLine(y);
            """, "int x");
        Assert.Equal(["|y", "x,y|y", "y|"], Rw(g));
        Assert.Equal(["0->1 data[y]", "1->2 data[y]"], Edges(g));
    }

    [Fact]
    public void Analyze_WriteOnBothBranches_IsDefiniteNoPassThrough()
    {
        var g = Ok("""
            var y = 0;
            if (x > 0) y = 1; else y = 2;
            Console.WriteLine(y);
            """, "int x");
        Assert.Equal(["|y", "x|y", "y|"], Rw(g));
        Assert.Equal(["1->2 data[y]"], Edges(g));
    }

    [Fact]
    public void Analyze_DeclarationWithoutInitializer_WritesNothingAndLaterMayWriteHasNoValueToPass()
    {
        var g = Ok("""
            int y;
            if (x > 0) y = 1; else y = 2;
            var z = y;
            """, "int x");
        Assert.Equal(["|", "x|y", "y|z"], Rw(g));
        Assert.Equal(["1->2 data[y]"], Edges(g));
    }

    [Fact]
    public void Analyze_LoopAccumulator_ReadsAndWritesAccumulator()
    {
        var g = Ok("""
            var sum = 0;
            foreach (var v in xs) sum += v;
            var product = 1;
            for (var i = 1; i <= n; i++) { product *= i; }
            var k = n;
            while (k > 0) { k--; }
            return sum + product + k;
            """, "int[] xs, int n", "int");
        Assert.Equal(["|sum", "sum,xs|sum", "|product", "n,product|product", "n|k", "k|k", "k,product,sum|"], Rw(g));
        Assert.Equal(["0->1 data[sum]", "1->6 data[sum]", "2->3 data[product]", "3->6 data[product]", "4->5 data[k]", "5->6 data[k]"], Edges(g));
    }

    [Fact]
    public void Analyze_ReadAfterWriteInsideSegment_IsNotAnIncomingRead()
    {
        var g = Ok("""
            var a = x;
            { a = 5; Console.WriteLine(a); }
            return a;
            """, "int x", "int");
        Assert.Equal(["x|a", "|a", "a|"], Rw(g));
        Assert.Equal(["1->2 data[a]"], Edges(g));
    }

    [Fact]
    public void Analyze_Deconstruction_WritesEveryTarget()
    {
        var g = Ok("""
            var (q, r) = (x / 2, x % 2);
            var t = q + r;
            (q, r) = (r, q);
            return t + q;
            """, "int x", "int");
        Assert.Equal(["x|q,r", "q,r|t", "q,r|q,r", "q,t|"], Rw(g));
        Assert.Equal(["0->1 data[q,r]", "0->2 data[q,r]", "1->3 data[t]", "2->3 data[q]"], Edges(g));
    }

    [Fact]
    public void Analyze_OutAndRefArguments_WriteTheirVariables()
    {
        var g = Ok("""
            int.TryParse(s, out var n);
            Set(out var m);
            var k = n + m;
            Bump(ref k);
            return k;
            """, "string s", "int", Types);
        Assert.Equal(["s|n", "|m", "m,n|k", "k|k", "k|"], Rw(g));
        Assert.Equal(["0->2 data[n]", "1->2 data[m]", "2->3 data[k]", "3->4 data[k]"], Edges(g));
    }

    [Fact]
    public void Analyze_OutVariableInIfCondition_IsTopLevelWithControlEdge()
    {
        var g = Ok("""
            if (!int.TryParse(s, out var n)) return -1;
            var doubled = n * 2;
            return doubled;
            """, "string s", "int");
        Assert.Equal(["s|n", "n|doubled", "doubled|"], Rw(g));
        Assert.Equal(["0->1 control[]", "0->1 data[n]", "0->2 control[]", "1->2 data[doubled]"], Edges(g));
    }

    [Fact]
    public void Analyze_Await_DeclarationWithAwaitIsDefiniteWrite()
    {
        var g = Ok("""
            var a = await LoadAsync(x);
            var b = await LoadAsync(a);
            a = await LoadAsync(b) + a;
            return a + b;
            """, "int x", "Task<int>", Types, "public async");
        Assert.Equal(["x|a", "a|b", "a,b|a", "a,b|"], Rw(g));
        Assert.Equal(["0->1 data[a]", "0->2 data[a]", "1->2 data[b]", "1->3 data[b]", "2->3 data[a]"], Edges(g));
        Assert.True(g.IsSplittable);
    }

    [Fact]
    public void Analyze_TryCatchAssigningInBlockAndEveryCatch_IsDefiniteWrite()
    {
        var g = Ok("""
            var v = 0;
            try { v = await LoadAsync(int.Parse(s)); } catch (FormatException) { v = -1; } catch (OverflowException) { v = -2; }
            return v;
            """, "string s", "Task<int>", Types, "public async");
        Assert.Equal(["|v", "s|v", "v|"], Rw(g));
        Assert.Equal(["1->2 data[v]"], Edges(g));
    }

    [Fact]
    public void Analyze_TryWithCatchNotAssigning_IsMayWriteWithPassThrough()
    {
        var g = Ok("""
            var v = 0;
            try { v = int.Parse(s); } catch (FormatException) { }
            return v;
            """, "string s", "int");
        Assert.Equal(["|v", "s,v|v", "v|"], Rw(g));
        Assert.Equal(["0->1 data[v]", "1->2 data[v]"], Edges(g));
    }

    [Fact]
    public void Analyze_FinallyAssigning_IsDefiniteWrite()
    {
        var g = Ok("""
            var v = 0;
            try { Console.WriteLine(s); } finally { v = 1; }
            return v;
            """, "string s", "int");
        Assert.Equal(["|v", "s|v", "v|"], Rw(g));
    }

    [Fact]
    public void Analyze_EarlyReturn_ControlEdgesToEveryLaterSegment()
    {
        var g = Ok("""
            if (x < 0) return -1;
            var y = x * 2;
            Console.WriteLine(y);
            return y;
            """, "int x", "int");
        Assert.Equal(
            ["0->1 control[]", "0->2 control[]", "0->3 control[]", "1->2 data[y]", "1->3 data[y]"],
            Edges(g));
    }

    [Fact]
    public void Analyze_ReturnInsideLambdaOrThrow_MakesNoControlEdge()
    {
        var g = Ok("""
            var ys = xs.Select(v => { return v * 2; }).ToList();
            if (ys.Count == 0) throw new ArgumentException("empty", nameof(xs));
            return ys.Count;
            """, "int[] xs", "int");
        Assert.Equal(["0->1 data[ys]", "0->2 data[ys]"], Edges(g));
    }

    [Fact]
    public void Analyze_LoopWithBreakAndReturn_ReturnGivesControlEdges()
    {
        var g = Ok("""
            var found = -1;
            for (var i = 0; i < xs.Length; i++) { if (xs[i] == 0) { found = i; break; } if (xs[i] < 0) return -2; }
            return found;
            """, "int[] xs", "int");
        Assert.Equal(["|found", "found,xs|found", "found|"], Rw(g));
        Assert.Equal(["0->1 data[found]", "1->2 control[]", "1->2 data[found]"], Edges(g));
    }

    [Fact]
    public void Analyze_WhileTrueWithBreakAfterAssignment_IsDefiniteWrite()
    {
        var g = Ok("""
            var v = 0;
            while (true) { v = x; if (v > 0) break; x++; }
            return v;
            """, "int x", "int");
        Assert.Equal(["|v", "x|v,x", "v|"], Rw(g));
        Assert.Equal(["1->2 data[v]"], Edges(g));
    }

    [Fact]
    public void Analyze_PatternVariableInCondition_DefiniteOnlyWhenTrue()
    {
        var g = Ok("""
            if (o is not string text) return 0;
            return text.Length;
            """, "object o", "int");
        Assert.Equal(["o|text", "text|"], Rw(g));
        Assert.Equal(["0->1 control[]", "0->1 data[text]"], Edges(g));
    }

    [Fact]
    public void Analyze_SwitchWithDefaultAssigningEverywhere_IsDefiniteWrite()
    {
        var g = Ok("""
            var label = "";
            switch (x) { case 0: label = "zero"; break; case 1: label = "one"; break; default: label = "many"; break; }
            var kind = x switch { 0 => "z", _ => label };
            return label + kind;
            """, "int x", "string");
        Assert.Equal(["|label", "x|label", "label,x|kind", "kind,label|"], Rw(g));
    }

    [Fact]
    public void Analyze_LocalFunctionInsideSegment_EffectsCountWhereCalled()
    {
        var g = Ok("""
            var acc = 0;
            { void Add(int v) { acc += v; } Add(x); Add(x); }
            return acc;
            """, "int x", "int");
        Assert.Equal(["|acc", "acc,x|acc", "acc|"], Rw(g));
        Assert.Equal(["0->1 data[acc]", "1->2 data[acc]"], Edges(g));
    }

    [Fact]
    public void Analyze_LambdaWritingCapturedLocal_IsMayWrite()
    {
        var g = Ok("""
            var total = 0;
            xs.ToList().ForEach(v => total += v);
            return total;
            """, "int[] xs", "int");
        Assert.Equal(["|total", "total,xs|total", "total|"], Rw(g));
    }

    [Fact]
    public void Analyze_ConditionalAccessCall_WritesRoot()
    {
        var g = Ok("""
            var list = x > 0 ? new List<int>() : null;
            list?.Add(x);
            return list?.Count ?? 0;
            """, "int x", "int");
        Assert.Equal(["x|list", "list,x|list", "list|"], Rw(g));
    }

    [Fact]
    public void Analyze_NameofAndPassingAsArgument_AreNotWrites()
    {
        var g = Ok("""
            var list = new List<int>();
            Console.WriteLine(nameof(list));
            Console.WriteLine(list);
            """, "", "void");
        Assert.Equal(["|list", "|", "list|"], Rw(g));
    }

    [Fact]
    public void Analyze_ExpressionBodiedMethod_IsOneSegment()
    {
        var src = """
            using Serverless.Annotations;
            namespace Demo;
            public static class E
            {
                [Splitable]
                public static int Twice(int x) => x * 2;
            }
            """;
        var g = Assert.Single(SplitAnalyzer.AnalyzeSources([("E.cs", src)]));
        var s = Assert.Single(g.Segments);
        Assert.Equal(["x"], s.Reads);
        Assert.Empty(s.Writes);
        Assert.Equal(6, s.StartLine);
        Assert.Empty(g.Edges);
        Assert.True(g.IsSplittable);
    }

    [Fact]
    public void Analyze_ConstLocal_IsNeverReadWrittenOrCarried()
    {
        var g = Ok("""
            const int Limit = 10;
            const string Prefix = "p";
            var y = x + Limit;
            var s = Prefix + y;
            return s.Length + Limit;
            """, "int x", "int");
        Assert.Equal(["|", "|", "x|y", "y|s", "s|"], Rw(g));
        Assert.Equal(["2->3 data[y]", "3->4 data[s]"], Edges(g));
        Assert.DoesNotContain(g.Variables, v => v.Name is "Limit" or "Prefix");
        Assert.Empty(g.Diagnostics);
    }
}
