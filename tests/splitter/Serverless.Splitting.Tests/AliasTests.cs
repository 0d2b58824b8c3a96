using static Serverless.Splitting.Tests.Harness;

namespace Serverless.Splitting.Tests;

/// <summary>
/// Aliases: a change made in place through one variable is a write of every variable that may refer to the same
/// object (or hold it) and has a value; when such a variable is read at or after the change, separate copies in
/// separate units would disagree, and the method is refused with SPL012.
/// </summary>
public class AliasTests
{
    private const string Types = """
        public sealed class Node { public int Value; public Node? Next; public List<int> Items = new(); }
        public sealed record Person(string Name, int Age);
        private static void Grow(List<int> l) => l.Add(1);
        private static Node Same(Node n) => n;
        """;

    private static string[] Spl012(Serverless.Contracts.Manifest.SplitGraph g) =>
        g.Diagnostics.Where(d => d.Id == SplitDiagnostics.AliasedMutation.Id).Select(d => d.Message).ToArray();

    [Fact]
    public void Analyze_AssignedFromEachOtherThenChangedAndReadThroughTheOther_Spl012()
    {
        var g = Ok("""
            var a = new List<int>();
            var b = a;
            b.Add(1);
            return a.Count;
            """, "", "int");
        var m = Assert.Single(Spl012(g));
        Assert.StartsWith("'a' and 'b' may refer to the same object; segment 2 changes it through 'b' and segment 3 reads it through 'a'", m);
        Assert.Equal(["|a", "a|b", "a,b|a,b", "a|"], Rw(g));
        Assert.Contains("2->3 data[a]", Edges(g));
        Assert.Equal(SplitDiagnostics.AliasedMutation.Id, SplitDiagnostics.All.Single(d => d.Id == "SPL012").Id);
    }

    [Fact]
    public void Analyze_ChainThroughMembersAndCalls_Spl012()
    {
        var g = Ok("""
            var head = new Node();
            var tail = Same(head);
            var items = tail.Items;
            Grow(items);
            return head.Items.Count;
            """, "", "int", Types);
        var m = Assert.Single(Spl012(g));
        Assert.Contains("segment 3 changes it through 'items' and segment 4 reads it through 'head'", m);
        Assert.Contains("head", g.Segments[3].Writes);
        Assert.Contains("tail", g.Segments[3].Writes);
    }

    [Fact]
    public void Analyze_StoredIntoAnothersCollectionThenChanged_Spl012()
    {
        var g = Ok("""
            var node = new Node();
            var nodes = new List<Node>();
            nodes.Add(node);
            node.Value = 5;
            return nodes[0].Value;
            """, "", "int", Types);
        var m = Assert.Single(Spl012(g));
        Assert.Contains("segment 3 changes it through 'node' and segment 4 reads it through 'nodes'", m);
        Assert.Equal(["|node", "|nodes", "node,nodes|nodes", "node,nodes|node,nodes", "nodes|"], Rw(g));
    }

    [Fact]
    public void Analyze_ChangeOnlyInsideOneStatementOrNoLaterRead_NoSpl012()
    {
        var g = Ok("""
            var a = new List<int> { x };
            { var b = a; b.Add(2); }
            var c = new List<int>(a);
            c.Add(3);
            foreach (var row in m) row[0] = x;
            return a.Count + c.Count + m[0][0];
            """, "int x, int[][] m", "int");
        Assert.Empty(Spl012(g));
        Assert.Equal(["x|a", "a|a", "a|c", "c|c", "m,x|m", "a,c,m|"], Rw(g));
    }

    [Fact]
    public void Analyze_ContainerChangedWhileElementOfImmutableRecordIsKept_NoSpl012()
    {
        var g = Ok("""
            var people = new List<Person> { new("a", 1) };
            var first = people[0];
            people.Add(new("b", 2));
            var node = new Node();
            var nodes = new List<Node> { node };
            nodes.Add(new Node());
            return first.Age + people.Count + node.Value + nodes.Count;
            """, "", "int", Types);
        Assert.Empty(Spl012(g));
        Assert.Equal(["|people", "people|first", "people|people", "|node", "node|nodes", "nodes|nodes", "first,node,nodes,people|"], Rw(g));
    }

    [Fact]
    public void Analyze_ElementChangedThroughLoopVariableAndLambda_WritesTheCollection()
    {
        var g = Ok("""
            foreach (var n in nodes) n.Value++;
            nodes.ForEach(n => n.Items.Add(1));
            return nodes.Count;
            """, "List<Node> nodes", "int", Types);
        Assert.Empty(Spl012(g));
        Assert.Equal(["nodes|nodes", "nodes|nodes", "nodes|"], Rw(g));
        Assert.Equal(["0->1 data[nodes]", "1->2 data[nodes]"], Edges(g));
    }
}
