using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Serverless.Splitting.Model;

namespace Serverless.Splitting.Generator;

/// <summary>
/// TEMPORARY stand-in for Serverless.Splitting.SplitAnalyzer until the analysis branch lands: a conservative
/// read/write/edge computation (every referenced non-immutable variable may be written and passes through).
/// Replaced by the real analysis on merge; nothing else depends on its internals.
/// </summary>
internal static class ProvisionalAnalysis
{
    public static SplitGraph AnalyzeMethod(SemanticModel model, MethodDeclarationSyntax method)
    {
        var symbol = model.GetDeclaredSymbol(method)!;
        var segments = MethodBodies.Segments(method, !symbol.ReturnsVoid);
        var variables = MethodBodies.TopLevelVariables(model, symbol, method);
        var ordinal = variables.Select((v, i) => (v, i)).ToDictionary(x => x.v, x => x.i, SymbolEqualityComparer.Default);
        var declaring = variables.Select(v => MethodBodies.DeclaringSegment(v, segments)).ToList();
        var list = new List<Segment>();
        var lastWriter = new Dictionary<string, int>();
        var edges = new List<SegmentEdge>();
        var diagnostics = new List<SplitDiagnostic>();
        for (var i = 0; i < segments.Count; i++)
        {
            var statement = segments[i];
            var reads = new SortedSet<int>();
            var writes = new SortedSet<int>();
            if (method.Body is not null)
            {
                var flow = model.AnalyzeDataFlow(statement);
                if (flow is { Succeeded: true })
                {
                    foreach (var s in flow.DataFlowsIn.Concat(flow.ReadInside))
                    {
                        if (ordinal.TryGetValue(s, out var o) && declaring[o] != i)
                        {
                            reads.Add(o);
                        }
                    }

                    foreach (var s in flow.WrittenInside)
                    {
                        if (ordinal.TryGetValue(s, out var o))
                        {
                            writes.Add(o);
                            if (declaring[o] != i && !flow.AlwaysAssigned.Contains(s))
                            {
                                reads.Add(o);
                            }
                        }
                    }
                }
            }
            else
            {
                foreach (var p in symbol.Parameters)
                {
                    reads.Add(ordinal[p]);
                }
            }

            foreach (var o in reads.ToList())
            {
                var type = MethodBodies.TypeOf(variables[o]);
                if (!(type.SpecialType != SpecialType.None || type.TypeKind == TypeKind.Enum))
                {
                    writes.Add(o);
                }
            }

            if (statement.DescendantNodesAndSelf().Any(n => n is YieldStatementSyntax))
            {
                diagnostics.Add(new SplitDiagnostic("SPL001", DiagnosticSeverityNames.Error, statement.GetLocation().GetLineSpan().StartLinePosition.Line + 1, "Iterators cannot be split."));
            }

            var byFrom = new SortedDictionary<int, SortedSet<string>>();
            foreach (var o in reads)
            {
                var name = variables[o].Name;
                if (lastWriter.TryGetValue(name, out var w))
                {
                    if (!byFrom.TryGetValue(w, out var set))
                    {
                        byFrom[w] = set = new SortedSet<string>(System.StringComparer.Ordinal);
                    }

                    set.Add(name);
                }
            }

            foreach (var kv in byFrom)
            {
                edges.Add(new SegmentEdge(kv.Key, i, EdgeKinds.Data, kv.Value.ToList()));
            }

            foreach (var o in writes)
            {
                lastWriter[variables[o].Name] = i;
            }

            var lines = statement.SyntaxTree == method.SyntaxTree ? statement.GetLocation().GetLineSpan() : method.GetLocation().GetLineSpan();
            list.Add(new Segment(i, lines.StartLinePosition.Line + 1, lines.EndLinePosition.Line + 1, reads.Select(o => variables[o].Name).ToList(), writes.Select(o => variables[o].Name).ToList(), 1));
        }

        for (var i = 0; i < segments.Count - 1; i++)
        {
            if (MethodBodies.ContainsReturn(segments[i]))
            {
                for (var j = i + 1; j < segments.Count; j++)
                {
                    edges.Add(new SegmentEdge(i, j, EdgeKinds.Control, new List<string>()));
                }
            }
        }

        return new SplitGraph
        {
            Function = symbol.ContainingType.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat.WithGenericsOptions(SymbolDisplayGenericsOptions.None)) + "." + symbol.Name,
            Parameters = symbol.Parameters.Select(p => new SplitParameter(p.Name, p.Type.ToDisplayString(MethodBodies.TypeFormat))).ToList(),
            ReturnType = symbol.ReturnType.ToDisplayString(MethodBodies.TypeFormat),
            Annotations = SplitAnnotations.None,
            Segments = list,
            Edges = edges.OrderBy(e => e.From).ThenBy(e => e.To).ThenBy(e => e.Kind, System.StringComparer.Ordinal).ToList(),
            Diagnostics = diagnostics,
            Variables = variables.Select((v, i) => new SplitVariable(v.Name, MethodBodies.TypeOf(v).ToDisplayString(MethodBodies.TypeFormat), v is IParameterSymbol, declaring[i])).ToList(),
        };
    }

    public static string ManifestJson(SplitGraph g)
    {
        var sb = new System.Text.StringBuilder();
        sb.Append("{\"function\":").Append(Q(g.Function)).Append(",\"parameters\":[");
        sb.Append(string.Join(",", g.Parameters.Select(p => "{\"name\":" + Q(p.Name) + ",\"type\":" + Q(p.Type) + "}")));
        sb.Append("],\"returnType\":").Append(Q(g.ReturnType)).Append(",\"annotations\":{\"geoPreference\":null,\"resourceConstraint\":null},\"segments\":[");
        sb.Append(string.Join(",", g.Segments.Select(s => "{\"id\":" + s.Id + ",\"startLine\":" + s.StartLine + ",\"endLine\":" + s.EndLine + ",\"reads\":[" + string.Join(",", s.Reads.Select(Q)) + "],\"writes\":[" + string.Join(",", s.Writes.Select(Q)) + "],\"work\":1}")));
        sb.Append("],\"edges\":[");
        sb.Append(string.Join(",", g.Edges.Select(e => "{\"from\":" + e.From + ",\"to\":" + e.To + ",\"kind\":" + Q(e.Kind) + ",\"variables\":[" + string.Join(",", e.Variables.Select(Q)) + "]}")));
        sb.Append("],\"diagnostics\":[");
        sb.Append(string.Join(",", g.Diagnostics.Select(d => "{\"id\":" + Q(d.Id) + ",\"severity\":" + Q(d.Severity) + ",\"line\":" + d.Line + ",\"message\":" + Q(d.Message) + "}")));
        sb.Append("]}");
        return sb.ToString();
    }

    private static string Q(string s) => SymbolDisplay.FormatLiteral(s, quote: true);
}
