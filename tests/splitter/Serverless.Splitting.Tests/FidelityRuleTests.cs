using static Serverless.Splitting.Tests.Harness;

namespace Serverless.Splitting.Tests;

/// <summary>The fidelity rule: which static types may cross a segment boundary (SPL005), through their members.</summary>
public sealed class FidelityRuleTests
{
    private const string Types = """
        public record Line(string Sku, int Quantity, decimal Price);
        public record Order(Guid Id, List<Line> Lines, Dictionary<string, int> Counts, DateTimeOffset At);
        public sealed class Settable { public int A { get; set; } public string? B { get; set; } public int[][] Grid { get; set; } = []; public (int X, string Y) Pair { get; set; } }
        public sealed class Bound { public Bound(int a, string b) { A = a; B = b; } public int A { get; } public string B { get; } }
        public sealed class FieldBacked { private int _count; public int Count { get => _count; set => _count = value; } }
        public struct Mutable { public int X; public double Y; }
        public enum Colour { Red, Green }
        public sealed class Tree { public int Value { get; set; } public Tree? Left { get; set; } public Tree? Right { get; set; } }
        public sealed class Hidden { private int _secret; public int Visible { get; set; } public void Bump() => _secret++; }
        public sealed class HasBuilder { public System.Text.StringBuilder Text { get; set; } = new(); }
        public sealed class GetOnly { public List<int> Items { get; } = new(); }
        public sealed class Captures(int seed) { public int Next() => seed + 1; }
        public abstract class Shape { public int Sides { get; set; } }
        public sealed class TwoCtors { public TwoCtors(int a) { A = a; } public TwoCtors(string s) { A = s.Length; } public int A { get; set; } }
        public sealed class WithEvent { public event EventHandler? Changed; public void Raise() => Changed?.Invoke(this, EventArgs.Empty); }
        public sealed class Unbound { public Unbound(int seed) { A = seed; } public int A { get; } }
        """;

    [Theory]
    [InlineData("int")]
    [InlineData("string")]
    [InlineData("decimal")]
    [InlineData("DateTime")]
    [InlineData("DateTimeOffset")]
    [InlineData("TimeSpan")]
    [InlineData("Guid")]
    [InlineData("System.Numerics.BigInteger")]
    [InlineData("Colour")]
    [InlineData("int?")]
    [InlineData("double[]")]
    [InlineData("int[][]")]
    [InlineData("List<Line>")]
    [InlineData("Line[]")]
    [InlineData("Order")]
    [InlineData("Dictionary<string, double>")]
    [InlineData("Dictionary<int, List<string>>")]
    [InlineData("HashSet<string>")]
    [InlineData("Stack<int>")]
    [InlineData("Queue<Line>")]
    [InlineData("SortedDictionary<string, long>")]
    [InlineData("System.Collections.Immutable.ImmutableArray<int>")]
    [InlineData("System.Collections.Immutable.ImmutableList<Line>")]
    [InlineData("Settable")]
    [InlineData("Bound")]
    [InlineData("FieldBacked")]
    [InlineData("Mutable")]
    [InlineData("Tree")]
    [InlineData("(int Count, string Name)")]
    [InlineData("KeyValuePair<string, int>")]
    public void Crossing_CarriedType_Splits(string type)
    {
        var g = Ok("""
            var v = Make();
            Console.WriteLine(v);
            """, returnType: "void", members: Types + "\nprivate static " + type + " Make() => default!;");
        Assert.DoesNotContain(g.Diagnostics, d => d.Id == "SPL005");
        Assert.True(g.IsSplittable, string.Join("; ", g.Diagnostics.Select(d => d.Message)));
        Assert.Contains(g.Edges, e => e.Kind == "data" && e.Variables.Contains("v"));
    }

    [Theory]
    [InlineData("System.Text.StringBuilder", "System.Text.StringBuilder", "sb.ToString()")]
    [InlineData("object", "object", "concrete type")]
    [InlineData("IEnumerable<int>", "interface", "ToList()")]
    [InlineData("IReadOnlyList<Line>", "interface", "concrete type")]
    [InlineData("int[,]", "multi-dimensional", "jagged")]
    [InlineData("Hidden", "field '_secret'", "public properties")]
    [InlineData("HasBuilder", "HasBuilder.Text (System.Text.StringBuilder)", "sb.ToString()")]
    [InlineData("GetOnly", "GetOnly.Items has no public setter", "add a setter")]
    [InlineData("Captures", "constructor parameter 'seed'", "public property")]
    [InlineData("Shape", "abstract", "concrete sealed type")]
    [InlineData("TwoCtors", "several public constructors", "[JsonConstructor]")]
    [InlineData("WithEvent", "is an event", "not carried")]
    [InlineData("List<Hidden>", "field '_secret'", "public properties")]
    [InlineData("Dictionary<Line, int>", "keys of type Demo.C.Line", "key it by a string")]
    [InlineData("Dictionary<string, object>", "object", "concrete type")]
    [InlineData("(int, System.Text.StringBuilder)", "System.Text.StringBuilder", "sb.ToString()")]
    [InlineData("Random", "framework type", "seed")]
    [InlineData("dynamic", "dynamic", "concrete type")]
    [InlineData("System.Collections.Immutable.ImmutableStack<int>", "reverse", "List<T>")]
    public void Crossing_TypeNotCarried_Spl005NamesVariableTypeMemberAndAdvice(string type, string member, string advice)
    {
        var members = Types + "\nprivate static " + type + " Make() => default!;";
        var g = Ok("""
            var v = Make();
            Console.WriteLine(v);
            """, returnType: "void", members: members);
        var d = Assert.Single(g.Diagnostics, d => d.Id == "SPL005");
        Assert.False(g.IsSplittable);
        Assert.StartsWith("'v' of type ", d.Message, StringComparison.Ordinal);
        Assert.Contains("segment 0 and read in segment 1", d.Message, StringComparison.Ordinal);
        Assert.True(d.Message.Contains(member, StringComparison.Ordinal), d.Message);
        Assert.True(d.Message.Contains(advice, StringComparison.Ordinal), d.Message);
        Assert.Equal(LineOf(members, "Console.WriteLine(v);"), d.Line);
    }

    [Fact]
    public void Crossing_UnboundGetOnlyProperty_NamesMember()
    {
        var g = Ok("""
            var v = new Unbound(3);
            Console.WriteLine(v.A);
            """, members: Types);
        var d = Assert.Single(g.Diagnostics, d => d.Id == "SPL005");
        Assert.True(d.Message.Contains("Unbound", StringComparison.Ordinal) && d.Message.Contains("constructor parameter 'seed'", StringComparison.Ordinal), d.Message);
    }

    /// <summary>The 1-based line of the first body line containing <paramref name="text"/>.</summary>
    private static int LineOf(string members, string text)
        => Source("var v = Make();\nConsole.WriteLine(v);", members: members).Split('\n').ToList().FindIndex(l => l.Contains(text, StringComparison.Ordinal)) + 1;

    [Fact]
    public void Parameter_NotCarriedButNeverWritten_IsNotChecked()
    {
        var g = Ok("""
            var n = sb.Length;
            Console.WriteLine(sb.ToString() + n);
            """, parameters: "object o, System.Text.StringBuilder sb");
        Assert.DoesNotContain(g.Diagnostics, d => d.Id == "SPL005");
    }
}
