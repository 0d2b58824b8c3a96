using static Serverless.Splitting.Tests.Harness;

namespace Serverless.Splitting.Tests;

/// <summary>
/// Writes through calls: passing a value of a mutable type to a callee that may change it is a may-write (with the
/// pass-through read), unless the BCL allow-list, a summary of the callee's body, or an <c>in</c> of a readonly type
/// says the callee leaves it alone.
/// </summary>
public class CallMutationTests
{
    private const string Helpers = """
        public sealed class Sorter { public int Calls; public void SortInPlace(int[] xs) { Array.Sort(xs); Calls++; } public int Sum(int[] xs) => xs.Sum(); }
        public sealed class Filler { public Filler(List<int> target) { target.Add(1); } }
        public sealed class Reader { public Reader(List<int> source) { Count = source.Count; } public int Count { get; } }
        public interface IProcessor { void Use(in MutablePoint p); void Use(in Point p); }
        public readonly struct Point { public Point(int x) { X = x; } public int X { get; } }
        public struct MutablePoint { public int X; }
        public struct Bag { public List<int> Items; }
        public sealed class Box { public List<int> Items = new(); }
        private static void Fill(List<int> l, int n) { for (var i = 0; i < n; i++) l.Add(i); }
        private static void FillThroughLocal(List<int> l) { var t = l; t.Add(1); }
        private static void FillThroughLambda(List<int> l) { Action a = () => l.Clear(); a(); }
        private static void FillBox(Box b) => b.Items.Add(1);
        private static void Forward(List<int> l) => Fill(l, 2);
        private static void FillBag(Bag b) => b.Items.Add(3);
        private static int Total(List<int> l) { var s = 0; foreach (var v in l) s += v; return s + l.Count; }
        private static int SumFrom(int[] xs, int i) => i >= xs.Length ? 0 : xs[i] + SumFrom(xs, i + 1);
        private static void QuickSort(int[] xs, int lo, int hi) { if (lo >= hi) return; (xs[lo], xs[hi]) = (xs[hi], xs[lo]); QuickSort(xs, lo + 1, hi); }
        private static bool Even(List<int> l) => l.Count == 0 || Odd(l.GetRange(1, l.Count - 1));
        private static bool Odd(List<int> l) => l.Count != 0 && Even(l.GetRange(1, l.Count - 1));
        private static void Ping(List<int> l, int n) { if (n > 0) Pong(l, n - 1); }
        private static void Pong(List<int> l, int n) { if (n == 0) l.Add(n); else Ping(l, n - 1); }
        private static int Length(in MutablePoint p) => p.X;
        """;

    [Fact]
    public void Analyze_ArraySortOfParameterThenReturn_WritesItWithEdge()
    {
        var g = Ok("""
            Array.Sort(a);
            return a;
            """, "int[] a", "int[]");
        Assert.Equal(["a|a", "a|"], Rw(g));
        Assert.Equal(["0->1 data[a]"], Edges(g));
    }

    [Fact]
    public void Analyze_BclInPlaceCalls_WriteTheirArguments()
    {
        var g = Ok("""
            Array.Reverse(a);
            Array.Fill(b, 0);
            Array.Copy(a, b, 1);
            a.CopyTo(b, 0);
            list.CopyTo(b);
            return a[0] + b[0];
            """, "int[] a, int[] b, List<int> list", "int");
        Assert.Equal(["a|a", "b|b", "a,b|b", "a,b|b", "b,list|b", "a,b|"], Rw(g));
    }

    [Fact]
    public void Analyze_AllowListedBclCalls_OnlyReadTheirArguments()
    {
        var g = Ok("""
            var n = list.Where(v => v > 0).Count() + Math.Max(list.Count, a.Length) + Array.IndexOf(a, 3);
            var s = string.Join(",", list) + string.Concat(a.Select(v => v.ToString())) + string.Format("{0}", list) + Convert.ToString(a.Length);
            var found = list.Contains(n) && map.ContainsKey(s) && map.TryGetValue(s, out var hit) && list.IndexOf(hit) >= 0;
            var copy = new List<int>(list);
            Console.WriteLine(list);
            return found ? n + copy.Count : s.Length;
            """, "List<int> list, int[] a, Dictionary<string, int> map", "int");
        Assert.Equal(["a,list|n", "a,list|s", "list,map,n,s|found,hit", "list|copy", "list|", "copy,found,n,s|"], Rw(g));
    }

    [Fact]
    public void Analyze_StaticHelpersInSource_SummaryDecidesWrite()
    {
        var g = Ok("""
            Fill(l, n);
            var t = Total(l);
            FillThroughLocal(l);
            FillThroughLambda(l);
            Forward(l);
            var box = new Box();
            FillBox(box);
            return t + box.Items.Count + l.Count;
            """, "List<int> l, int n", "int", Helpers);
        Assert.Equal(["l,n|l", "l|t", "l|l", "l|l", "l|l", "|box", "box|box", "box,l,t|"], Rw(g));
        Assert.Contains("5->6 data[box]", Edges(g));
        Assert.Contains("6->7 data[box]", Edges(g));
        Assert.Contains("4->7 data[l]", Edges(g));
    }

    [Fact]
    public void Analyze_AnotherObjectsMethodsAndConstructors_SummaryDecidesWrite()
    {
        var g = Ok("""
            var sorter = new Sorter();
            sorter.SortInPlace(xs);
            var sum = sorter.Sum(xs);
            var filler = new Filler(l);
            var reader = new Reader(l);
            return sum + reader.Count + xs[0] + l.Count;
            """, "int[] xs, List<int> l", "int", Helpers);
        Assert.Equal(["|sorter", "sorter,xs|sorter,xs", "sorter,xs|sum", "l|filler,l", "l|reader", "l,reader,sum,xs|"], Rw(g));
        Assert.Contains("1->5 data[xs]", Edges(g));
        Assert.Contains("3->4 data[l]", Edges(g));
    }

    [Fact]
    public void Analyze_Recursion_LeastFixpoint()
    {
        var g = Ok("""
            var s = SumFrom(xs, 0);
            var e = Even(l);
            QuickSort(xs, 0, xs.Length - 1);
            Ping(l, 3);
            return s + xs[0] + (e ? 1 : 0) + l.Count;
            """, "int[] xs, List<int> l", "int", Helpers);
        Assert.Equal(["xs|s", "l|e", "xs|xs", "l|l", "e,l,s,xs|"], Rw(g));
    }

    [Fact]
    public void Analyze_DelegateAndInterfaceCallees_MayMutate()
    {
        var g = Ok("""
            f(l);
            var m = new MutablePoint();
            var p = new Point(1);
            proc.Use(in m);
            proc.Use(in p);
            var len = Length(in m);
            return l.Count + m.X + p.X + len;
            """, "Action<List<int>> f, List<int> l, IProcessor proc", "int", Helpers);
        Assert.Equal(["f,l|l", "|m", "|p", "m,proc|m,proc", "p,proc|proc", "m|len", "l,len,m,p|"], Rw(g));
    }

    [Fact]
    public void Analyze_StructHoldingAListPassedByValue_MayWrite()
    {
        var g = Ok("""
            var bag = new Bag { Items = new List<int>() };
            FillBag(bag);
            return bag.Items.Count;
            """, "", "int", Helpers);
        Assert.Equal(["|bag", "bag|bag", "bag|"], Rw(g));
    }

    [Fact]
    public void Analyze_ExtensionMethodOutsideAllowList_MayWriteItsThisArgument()
    {
        var g = Ok("""
            var stack = new Stack<int>();
            stack.Push(x);
            var d = new Dictionary<string, int>();
            d.TryAdd("k", x);
            var v = d.GetValueOrDefault("k");
            return stack.Count + v;
            """, "int x", "int");
        Assert.Equal(["|stack", "stack,x|stack", "|d", "d,x|d", "d|v", "stack,v|"], Rw(g));
    }
}
