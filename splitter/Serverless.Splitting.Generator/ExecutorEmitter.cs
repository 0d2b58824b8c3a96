using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Serverless.Contracts.Manifest;

namespace Serverless.Splitting.Generator;

/// <summary>
/// Emits, inside a partial declaration of the method's type: one executor per segment (load what it reads from
/// the scope, run the original statement, store what it writes), a dispatcher, the unsplit fallback, and the
/// <c>SplitFunction</c> descriptor with the manifest.
/// </summary>
internal static class ExecutorEmitter
{
    private const string Rt = "global::Serverless.Annotations.Runtime.";
    private const string TaskOfOutcome = "global::System.Threading.Tasks.Task<" + Rt + "SegmentOutcome>";
    private const string TaskOfObject = "global::System.Threading.Tasks.Task<object?>";

    public static string Emit(SemanticModel model, MethodDeclarationSyntax syntax, IMethodSymbol method, SplitGraph graph, string manifestJson)
    {
        var shape = ResultShape.Of(method);
        var prefix = Eligibility.MemberPrefix(method);
        var isStatic = method.IsStatic;
        var segments = MethodBodies.Segments(syntax, !method.ReturnsVoid && !(method.IsAsync && shape.Kind is ResultKind.Task or ResultKind.ValueTask));
        var variables = MethodBodies.TopLevelVariables(model, method, syntax);
        var byName = new Dictionary<string, ISymbol>();
        foreach (var v in variables)
        {
            byName[v.Name] = v;
        }

        var members = new StringBuilder();
        var splittable = graph.IsSplittable && segments.Count == graph.Segments.Count;
        var typeName = method.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        var self = isStatic ? "static " : string.Empty;

        // Descriptor.
        members.AppendLine("        /// <summary>Generated registration of the splittable function <c>" + Escape(graph.Function) + "</c>.</summary>");
        members.AppendLine("        internal static readonly " + Rt + "SplitFunction " + prefix + "_Function = new " + Rt + "SplitFunction(");
        members.AppendLine("            " + Literal(Eligibility.FunctionId(method)) + ",");
        members.AppendLine("            " + Literal(manifestJson) + ",");
        members.Append("            new " + Rt + "SplitFunctionParameter[] { ");
        members.Append(string.Join(", ", method.Parameters.Select(p => "new " + Rt + "SplitFunctionParameter(" + Literal(p.Name) + ", " + TypeOf(p.Type)
            + (p.HasExplicitDefaultValue ? ", true, " + DefaultValue(p) : string.Empty) + ")")));
        members.AppendLine(" },");
        members.AppendLine("            " + (shape.ResultType is null ? "null" : TypeOf(shape.ResultType)) + ",");
        members.Append("            new global::System.Collections.Generic.Dictionary<string, global::System.Type> { ");
        members.Append(string.Join(", ", variables.GroupBy(v => v.Name).Select(g => "[" + Literal(g.Key) + "] = " + TypeOf(MethodBodies.TypeOf(g.First())))));
        members.AppendLine(" },");
        members.AppendLine("            " + graph.Segments.Count + ",");
        members.AppendLine("            " + (splittable ? "true" : "false") + ",");
        var target = isStatic ? string.Empty : "new " + typeName + "().";
        members.AppendLine("            static (segment, scope) => " + target + prefix + "_Execute(segment, scope),");
        members.AppendLine("            static arguments => " + target + prefix + "_Original(arguments));");
        members.AppendLine();

        // Unsplit fallback.
        var args = string.Join(", ", method.Parameters.Select((p, i) => Rt + "SplitRuntime.Arg<" + p.Type.ToDisplayString(MethodBodies.TypeFormat) + ">(arguments, " + i + ")"));
        var call = method.Name + "(" + args + ")";
        members.AppendLine("        private " + self + Async(shape.IsAwaitable) + TaskOfObject + " " + prefix + "_Original(object?[] arguments)");
        members.AppendLine("        {");
        switch (shape.Kind)
        {
            case ResultKind.Void:
                members.AppendLine("            " + call + ";");
                members.AppendLine("            return global::System.Threading.Tasks.Task.FromResult<object?>(null);");
                break;
            case ResultKind.Value:
                members.AppendLine("            return global::System.Threading.Tasks.Task.FromResult<object?>(" + call + ");");
                break;
            case ResultKind.Task:
            case ResultKind.ValueTask:
                members.AppendLine("            await " + call + ";");
                members.AppendLine("            return null;");
                break;
            default:
                members.AppendLine("            return await " + call + ";");
                break;
        }

        members.AppendLine("        }");
        members.AppendLine();

        // Dispatcher.
        members.AppendLine("        private " + self + TaskOfOutcome + " " + prefix + "_Execute(int segment, " + Rt + "ISplitScope scope)");
        members.AppendLine("        {");
        if (splittable)
        {
            members.AppendLine("            switch (segment)");
            members.AppendLine("            {");
            for (var i = 0; i < segments.Count; i++)
            {
                members.AppendLine("                case " + i + ": return " + prefix + "_S" + i + "(scope);");
            }

            members.AppendLine("                default: throw new global::System.ArgumentOutOfRangeException(nameof(segment));");
            members.AppendLine("            }");
        }
        else
        {
            members.AppendLine("            throw new global::System.InvalidOperationException(" + Literal("Function '" + graph.Function + "' has analysis errors and runs only unsplit (segment " ) + " + segment + \").\");");
        }

        members.AppendLine("        }");

        if (splittable)
        {
            members.AppendLine();
            members.AppendLine("#pragma warning disable // copies of user statements, already checked in place; with less flow context they would only repeat or invent warnings");
            for (var i = 0; i < segments.Count; i++)
            {
                EmitSegment(members, model, syntax, method, shape, graph.Segments[i], segments[i], i, byName, variables, segments, self, prefix);
            }

            members.AppendLine("#pragma warning restore");
        }

        return Wrap(syntax, members.ToString());
    }

    private static void EmitSegment(
        StringBuilder sb, SemanticModel model, MethodDeclarationSyntax syntax, IMethodSymbol method, ResultShape shape, Segment segment,
        StatementSyntax statement, int index, Dictionary<string, ISymbol> byName, IReadOnlyList<ISymbol> variables,
        IReadOnlyList<StatementSyntax> segments, string self, string prefix)
    {
        var inBody = syntax.Body is not null;
        var hasReturn = MethodBodies.ContainsReturn(statement);
        var awaitsValue = hasReturn && !method.IsAsync && shape.IsAwaitable;
        var isAsync = MethodBodies.ContainsAwait(statement) || awaitsValue;
        var declaredHere = new HashSet<string>(variables.Where(v => MethodBodies.DeclaringSegment(v, segments) == index && inBody).Select(v => v.Name));
        var reads = new HashSet<string>(segment.Reads);
        var referenced = new List<string>();
        if (inBody)
        {
            foreach (var id in statement.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>())
            {
                var symbol = model.GetSymbolInfo(id).Symbol;
                if (symbol is ILocalSymbol or IParameterSymbol && byName.TryGetValue(symbol.Name, out var v)
                    && SymbolEqualityComparer.Default.Equals(v, symbol) && !referenced.Contains(v.Name))
                {
                    referenced.Add(v.Name);
                }
            }
        }
        else
        {
            referenced.AddRange(method.Parameters.Select(p => p.Name));
        }

        foreach (var w in segment.Writes.Concat(segment.Reads))
        {
            if (!referenced.Contains(w) && byName.ContainsKey(w))
            {
                referenced.Add(w);
            }
        }

        sb.AppendLine("        private " + self + Async(isAsync) + TaskOfOutcome + " " + prefix + "_S" + index + "(" + Rt + "ISplitScope __split_scope)");
        sb.AppendLine("        {");
        foreach (var name in variables.Select(v => v.Name).Where(referenced.Contains).Distinct())
        {
            if (declaredHere.Contains(name))
            {
                continue;
            }

            var symbol = byName[name];
            if (symbol is ILocalSymbol { IsConst: true } constant)
            {
                var declaration = constant.DeclaringSyntaxReferences[0].GetSyntax().FirstAncestorOrSelf<LocalDeclarationStatementSyntax>();
                if (declaration is not null)
                {
                    sb.AppendLine("            " + declaration.WithoutTrivia().ToFullString());
                }

                continue;
            }

            var type = MethodBodies.TypeOf(symbol).ToDisplayString(MethodBodies.TypeFormat);
            sb.AppendLine(reads.Contains(name)
                ? "            " + type + " " + Id(name) + " = __split_scope.Get<" + type + ">(" + Literal(name) + ");"
                : "            " + type + " " + Id(name) + " = " + Rt + "SplitRuntime.Cast<" + type + ">(null);");
        }

        string? valueType = null;
        if (hasReturn)
        {
            valueType = method.IsAsync ? shape.ResultType?.ToDisplayString(MethodBodies.TypeFormat) : method.ReturnsVoid ? null : method.ReturnType.ToDisplayString(MethodBodies.TypeFormat);
            if (valueType is not null)
            {
                sb.AppendLine("            " + valueType + " " + ReturnRewriter.ValueVariable + " = default!;");
            }
        }

        var rewritten = hasReturn ? (StatementSyntax)new ReturnRewriter().Visit(statement) : statement;
        var lineSpan = statement.SyntaxTree == syntax.SyntaxTree && inBody ? statement.GetLocation().GetLineSpan() : default;
        var path = lineSpan.Path;
        if (!string.IsNullOrEmpty(path))
        {
            sb.AppendLine("#line " + (lineSpan.StartLinePosition.Line + 1) + " \"" + path.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"");
        }

        sb.AppendLine("            " + rewritten.WithoutLeadingTrivia().WithoutTrailingTrivia().ToFullString());
        if (!string.IsNullOrEmpty(path))
        {
            sb.AppendLine("#line default");
        }

        foreach (var name in segment.Writes.Distinct())
        {
            if (!byName.TryGetValue(name, out var symbol))
            {
                continue;
            }

            if (inBody && segment.Unassigned.Contains(name))
            {
                // Declared here but not definitely assigned (e.g. a pattern variable of an if condition): store it only
                // where C# lets us read it, which is nowhere; no later segment can read it either.
                continue;
            }

            var type = MethodBodies.TypeOf(symbol).ToDisplayString(MethodBodies.TypeFormat);
            sb.AppendLine("            __split_scope.Set<" + type + ">(" + Literal(name) + ", " + Id(name) + ");");
        }

        sb.AppendLine("            return " + Outcome(isAsync, Rt + "SegmentOutcome.Continue") + ";");
        if (hasReturn)
        {
            sb.AppendLine("        " + ReturnRewriter.ExitLabel + ":");
            string value;
            if (awaitsValue)
            {
                if (valueType is not null && shape.ResultType is not null)
                {
                    value = Rt + "SegmentOutcome.Return(await " + ReturnRewriter.ValueVariable + ")";
                }
                else
                {
                    sb.AppendLine("            await " + ReturnRewriter.ValueVariable + ";");
                    value = Rt + "SegmentOutcome.Return(null)";
                }
            }
            else
            {
                value = Rt + "SegmentOutcome.Return(" + (valueType is null ? "null" : ReturnRewriter.ValueVariable) + ")";
            }

            sb.AppendLine("            return " + Outcome(isAsync, value) + ";");
        }

        sb.AppendLine("        }");
        sb.AppendLine();
    }

    /// <summary>A C# expression of the parameter's default value, boxed.</summary>
    private static string DefaultValue(IParameterSymbol p)
    {
        var type = p.Type.ToDisplayString(MethodBodies.TypeFormat);
        var value = p.ExplicitDefaultValue;
        var literal = value switch
        {
            null => "default(" + type + ")",
            string text => Literal(text),
            char c => SymbolDisplay.FormatLiteral(c, quote: true),
            bool b => b ? "true" : "false",
            double d when double.IsNaN(d) => "double.NaN",
            double d when double.IsPositiveInfinity(d) => "double.PositiveInfinity",
            double d when double.IsNegativeInfinity(d) => "double.NegativeInfinity",
            float f when float.IsNaN(f) => "float.NaN",
            float f when float.IsPositiveInfinity(f) => "float.PositiveInfinity",
            float f when float.IsNegativeInfinity(f) => "float.NegativeInfinity",
            double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture) + "d",
            float f => f.ToString("R", System.Globalization.CultureInfo.InvariantCulture) + "f",
            decimal m => m.ToString(System.Globalization.CultureInfo.InvariantCulture) + "m",
            _ => System.Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) + (value is ulong ? "UL" : value is long ? "L" : value is uint ? "U" : string.Empty),
        };
        return "(object?)(" + type + ")(" + literal + ")";
    }

    private static string Outcome(bool isAsync, string value)
        => isAsync ? value : "global::System.Threading.Tasks.Task.FromResult(" + value + ")";

    private static string Async(bool isAsync) => isAsync ? "async " : string.Empty;

    private static string TypeOf(ITypeSymbol type) => Rt + "SplitRuntime.TypeOf<" + type.ToDisplayString(MethodBodies.TypeFormat) + ">()";

    private static string Id(string name) => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    private static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    public static string Literal(string text) => SymbolDisplay.FormatLiteral(text, quote: true);

    /// <summary>Wraps members in the partial declarations of the method's types and namespaces, with the file's usings.</summary>
    public static string Wrap(MethodDeclarationSyntax syntax, string members)
    {
        var sb = new StringBuilder();
        sb.AppendLine("// <auto-generated/>");
        sb.AppendLine("#nullable enable annotations");
        var unit = syntax.SyntaxTree.GetCompilationUnitRoot();
        foreach (var u in unit.Usings.Where(u => !u.GlobalKeyword.IsKind(SyntaxKind.GlobalKeyword)))
        {
            sb.AppendLine(u.WithoutTrivia().ToFullString());
        }

        var namespaces = syntax.Ancestors().OfType<BaseNamespaceDeclarationSyntax>().Reverse().ToList();
        var types = syntax.Ancestors().OfType<TypeDeclarationSyntax>().Reverse().ToList();
        foreach (var ns in namespaces)
        {
            sb.AppendLine("namespace " + ns.Name.WithoutTrivia().ToFullString());
            sb.AppendLine("{");
            foreach (var u in ns.Usings)
            {
                sb.AppendLine(u.WithoutTrivia().ToFullString());
            }
        }

        foreach (var type in types)
        {
            var modifiers = type.Modifiers.Where(m => m.Kind() is SyntaxKind.StaticKeyword or SyntaxKind.ReadOnlyKeyword or SyntaxKind.RefKeyword or SyntaxKind.UnsafeKeyword)
                .Select(m => m.Text + " ");
            var keyword = type switch
            {
                RecordDeclarationSyntax r => "record " + (r.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword) ? "struct " : string.Empty),
                _ => type.Keyword.Text + " ",
            };
            sb.AppendLine(string.Concat(modifiers) + "partial " + keyword + type.Identifier.Text);
            sb.AppendLine("{");
        }

        sb.Append(members);
        foreach (var unused in types.Concat<SyntaxNode>(namespaces))
        {
            sb.AppendLine("}");
        }

        return sb.ToString();
    }
}
