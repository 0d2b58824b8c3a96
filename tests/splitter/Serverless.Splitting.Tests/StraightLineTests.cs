using static Serverless.Splitting.Tests.Harness;

using Serverless.Contracts.Manifest;

namespace Serverless.Splitting.Tests;

public class StraightLineTests
{
    [Fact]
    public void Analyze_StraightChain_EdgesFollowLastWriter()
    {
        var g = Ok("""
            var a = x + 1;
            var b = a * 2;
            var c = b + a;
            return c;
            """, "int x", "int");
        Assert.Equal(["x|a", "a|b", "a,b|c", "c|"], Rw(g));
        Assert.Equal(["0->1 data[a]", "0->2 data[a]", "1->2 data[b]", "2->3 data[c]"], Edges(g));
        Assert.True(g.IsSplittable);
    }

    [Fact]
    public void Analyze_IndependentBranchesJoining_TwoSourcesOneSink()
    {
        var g = Ok("""
            var left = x.Length;
            var right = y.Length;
            var both = left + right;
            return both;
            """, "string x, string y", "int");
        Assert.Equal(["0->2 data[left]", "1->2 data[right]", "2->3 data[both]"], Edges(g));
        Assert.Equal(["x|left", "y|right", "left,right|both", "both|"], Rw(g));
    }

    [Fact]
    public void Analyze_ParameterReadWithoutEarlierWriter_IsInputNotEdge()
    {
        var g = Ok("""
            Console.WriteLine(x);
            Console.WriteLine(x);
            """, "int x");
        Assert.Empty(g.Edges);
        Assert.Equal(["x|", "x|"], Rw(g));
    }

    [Fact]
    public void Analyze_ParameterReassigned_LaterReadsComeFromWriter()
    {
        var g = Ok("""
            x = x + 1;
            Console.WriteLine(x);
            """, "int x");
        Assert.Equal(["0->1 data[x]"], Edges(g));
        Assert.Equal(["x|x", "x|"], Rw(g));
    }

    [Fact]
    public void Analyze_Variables_ParametersThenLocalsWithGlobalQualifiedTypes()
    {
        var g = Ok("""
            var list = new List<string>();
            var n = list.Count;
            return Task.FromResult(n);
            """, "string s", "Task<int>");
        Assert.Equal(
            [
                new SplitVariable("s", "string", true, -1),
                new SplitVariable("list", "global::System.Collections.Generic.List<string>", false, 0),
                new SplitVariable("n", "int", false, 1),
            ],
            g.Variables);
        Assert.Equal("System.Threading.Tasks.Task<int>", g.ReturnType);
        Assert.Equal([new SplitParameter("s", "string")], g.Parameters);
        Assert.Equal("Demo.C.M", g.Function);
    }

    [Fact]
    public void Analyze_SegmentLines_AreOneBasedFileLines()
    {
        var g = Ok("""
            var a = 1;
            if (a > 0)
            {
                a++;
            }
            """);
        Assert.Equal(BodyFirstLine + 1, g.Segments[0].StartLine);
        Assert.Equal(BodyFirstLine + 1, g.Segments[0].EndLine);
        Assert.Equal(BodyFirstLine + 2, g.Segments[1].StartLine);
        Assert.Equal(BodyFirstLine + 5, g.Segments[1].EndLine);
    }
}
