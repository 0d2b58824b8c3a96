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
    [Theory]
    [InlineData("new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase)", "Dictionary<string, int>", "StringComparer.OrdinalIgnoreCase")]
    [InlineData("new HashSet<string>(StringComparer.InvariantCultureIgnoreCase)", "HashSet<string>", "StringComparer.InvariantCultureIgnoreCase")]
    [InlineData("new SortedSet<string>(StringComparer.Ordinal)", "SortedSet<string>", "StringComparer.Ordinal")]
    [InlineData("new SortedDictionary<string, List<int>>(StringComparer.Ordinal)", "SortedDictionary<string, System.Collections.Generic.List<int>>", "StringComparer.Ordinal")]
    [InlineData("names.ToHashSet(StringComparer.OrdinalIgnoreCase)", "HashSet<string>", "StringComparer.OrdinalIgnoreCase")]
    [InlineData("names.ToDictionary(n => n, n => n.Length, StringComparer.OrdinalIgnoreCase)", "Dictionary<string, int>", "StringComparer.OrdinalIgnoreCase")]
    public void Crossing_CollectionBuiltWithComparer_Spl005NamesComparer(string construction, string type, string comparer)
    {
        var g = Ok("var v = " + construction + ";\nConsole.WriteLine(v.Count);", parameters: "string[] names");
        var d = Assert.Single(g.Diagnostics, d => d.Id == "SPL005");
        Assert.False(g.IsSplittable);
        Assert.StartsWith("'v' of type ", d.Message, StringComparison.Ordinal);
        Assert.True(d.Message.Contains(type, StringComparison.Ordinal), d.Message);
        Assert.True(d.Message.Contains("built with the comparer " + comparer, StringComparison.Ordinal), d.Message);
    }

    [Theory]
    [InlineData("new Dictionary<string, int>(StringComparer.Ordinal)")]
    [InlineData("new Dictionary<string, int>()")]
    [InlineData("new HashSet<string>(EqualityComparer<string>.Default)")]
    [InlineData("new SortedSet<int>(Comparer<int>.Default)")]
    [InlineData("new HashSet<string>(names)")]
    [InlineData("names.ToDictionary(n => n, n => n.Length)")]
    public void Crossing_CollectionWithDefaultComparer_IsCarried(string construction)
    {
        var g = Ok("var v = " + construction + ";\nConsole.WriteLine(v.Count);", parameters: "string[] names");
        Assert.DoesNotContain(g.Diagnostics, d => d.Id == "SPL005");
        Assert.True(g.IsSplittable);
    }

    [Theory]
    [InlineData("seen.Remove(banned);")]
    [InlineData("seen.RemoveWhere(s => s == banned);")]
    [InlineData("seen.ExceptWith(new[] { banned });")]
    [InlineData("Prune(seen, banned);")]
    public void Crossing_HashSetAfterRemoval_Spl005(string removal)
    {
        var g = Ok("var seen = new HashSet<string>(names);\n" + removal + "\nseen.Add(\"late\");\nreturn seen.ToList();", parameters: "string[] names, string banned", returnType: "List<string>",
            members: "private static void Prune(HashSet<string> s, string b) { s.Remove(b); }");
        var d = Assert.Single(g.Diagnostics, d => d.Id == "SPL005");
        Assert.Contains("'seen'", d.Message, StringComparison.Ordinal);
        Assert.True(d.Message.Contains("remove from it", StringComparison.Ordinal) || d.Message.Contains("removes from it", StringComparison.Ordinal), d.Message);
    }

    [Fact]
    public void Crossing_ListOfRecordsHoldingComparerDictionary_Spl005()
    {
        var g = Ok("""
            var bag = new Bag(new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase));
            var bags = new List<Bag> { bag };
            Console.WriteLine(bags.Count);
            """, members: "public sealed record Bag(Dictionary<string, int> Counts);");
        Assert.Contains(g.Diagnostics, d => d.Id == "SPL005" && d.Message.Contains("'bags'", StringComparison.Ordinal) && d.Message.Contains("OrdinalIgnoreCase", StringComparison.Ordinal));
    }

    [Fact]
    public void Crossing_DictionaryRemovalInOtherType_DoesNotRefuseListOrOtherDictionaryType()
    {
        var g = Ok("""
            var counts = new Dictionary<string, int> { ["a"] = 1 };
            var ids = new Dictionary<int, string> { [1] = "a" };
            ids.Remove(1);
            var list = new List<string>(names);
            list.Remove("a");
            Console.WriteLine(counts.Count + list.Count + ids.Count);
            """, parameters: "string[] names");
        var d = Assert.Single(g.Diagnostics, d => d.Id == "SPL005");
        Assert.Contains("'ids'", d.Message, StringComparison.Ordinal);
    }
}
