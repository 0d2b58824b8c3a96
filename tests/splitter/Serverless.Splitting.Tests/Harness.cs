using Serverless.Contracts.Manifest;
using Serverless.Splitting;

namespace Serverless.Splitting.Tests;

/// <summary>Builds a one-method source around a body and renders graphs compactly for exact assertions.</summary>
internal static class Harness
{
    public const int BodyFirstLine = 13;

    public static string Source(string body, string parameters = "", string returnType = "void", string members = "", string modifiers = "public", string attributes = "[Splitable]") => $$"""
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading.Tasks;
        using Serverless.Annotations;
        namespace Demo;
        public class C
        {
            {{members}}
            public int Field;
            {{attributes}}
            {{modifiers}} {{returnType}} M({{parameters}})
            {
        {{body}}
            }
        }
        """;

    public static SplitGraph Analyze(string body, string parameters = "", string returnType = "void", string members = "", string modifiers = "public", string attributes = "[Splitable]")
    {
        var graphs = SplitAnalyzer.AnalyzeSources([("Test.cs", Source(body, parameters, returnType, members, modifiers, attributes))]);
        Assert.Single(graphs);
        return graphs[0];
    }

    /// <summary>Analyses and asserts the method compiles (no SPL008).</summary>
    public static SplitGraph Ok(string body, string parameters = "", string returnType = "void", string members = "", string modifiers = "public")
    {
        var g = Analyze(body, parameters, returnType, members, modifiers);
        var errors = g.Diagnostics.Where(d => d.Id == SplitDiagnostics.CompilerError.Id).Select(d => d.Message).ToList();
        Assert.True(errors.Count == 0, "test source does not compile: " + string.Join("; ", errors));
        return g;
    }

    /// <summary>Edges as "from->to kind[vars]", e.g. "0->1 data[a,b]", "0->2 control[]".</summary>
    public static string[] Edges(SplitGraph g) =>
        g.Edges.Select(e => $"{e.From}->{e.To} {e.Kind}[{string.Join(",", e.Variables)}]").ToArray();

    /// <summary>Segments as "reads|writes", e.g. "a,b|c".</summary>
    public static string[] Rw(SplitGraph g) =>
        g.Segments.Select(s => $"{string.Join(",", s.Reads)}|{string.Join(",", s.Writes)}").ToArray();

    public static string[] DiagnosticIds(SplitGraph g) => g.Diagnostics.Select(d => d.Id).ToArray();
}
