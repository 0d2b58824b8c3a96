using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Serverless.Contracts.Manifest;

namespace Serverless.Splitting.Analysis;

/// <summary>One [Splitable] method to its <see cref="SplitGraph"/>: segments, edges, diagnostics.</summary>
internal static class MethodAnalyzer
{
    internal static readonly SymbolDisplayFormat TypeFormat =
        SymbolDisplayFormat.FullyQualifiedFormat.WithGlobalNamespaceStyle(SymbolDisplayGlobalNamespaceStyle.Omitted);

    private const int MaxCompilerErrors = 100;

    public static SplitGraph Analyze(SemanticModel model, MethodDeclarationSyntax method, IReadOnlyList<Diagnostic>? compilerErrors, int depthLimit, CancellationToken ct)
    {
        var symbol = model.GetDeclaredSymbol(method, ct);
        var function = symbol is null
            ? method.Identifier.ValueText
            : (symbol.ContainingType is null ? string.Empty : symbol.ContainingType.ToDisplayString(TypeFormat) + ".") + symbol.Name;
        var parameters = symbol is null
            ? (IReadOnlyList<SplitParameter>)[]
            : symbol.Parameters.Select(p => new SplitParameter(p.Name, p.Type.ToDisplayString(TypeFormat))).ToList();
        var returnType = symbol?.ReturnType.ToDisplayString(TypeFormat) ?? method.ReturnType.ToString();
        var diagnostics = new List<SplitDiagnostic>();
        var annotations = symbol is null ? SplitAnnotations.None : AnnotationReader.Read(symbol, diagnostics, ct);

        IReadOnlyList<Segment> segments = [];
        IReadOnlyList<SegmentEdge> edges = [];
        IReadOnlyList<SplitVariable> variables = [];
        var sawInvalid = false;
        var interesting = new List<SyntaxNode>();
        if (SyntaxDepth.Of(method, depthLimit, n => { if (IsInteresting(n)) { interesting.Add(n); } return true; }) > depthLimit)
        {
            diagnostics.Add(SplitDiagnostics.AnalysisFailed.Create(Line(method), $"its syntax is nested more than {depthLimit} levels deep"));
            segments = FallbackSegments(method);
            AddCompilerErrors(model, method, compilerErrors, false, diagnostics, ct);
            return Graph(method, function, parameters, returnType, annotations, segments, edges, diagnostics, variables);
        }

        try
        {
            interesting.Sort((a, b) => a.SpanStart.CompareTo(b.SpanStart));
            var result = AnalyzeBody(model, method, symbol, interesting, diagnostics, ct);
            segments = result.Segments;
            edges = result.Edges;
            variables = result.Variables;
            sawInvalid = result.SawInvalid;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (InsufficientExecutionStackException)
        {
            diagnostics.Add(SplitDiagnostics.AnalysisFailed.Create(Line(method), "the method's expressions are nested too deeply"));
            segments = FallbackSegments(method);
        }
        catch (Exception ex)
        {
            diagnostics.Add(SplitDiagnostics.AnalysisFailed.Create(Line(method), ex.GetType().Name + ": " + ex.Message));
            segments = FallbackSegments(method);
        }

        AddCompilerErrors(model, method, compilerErrors, sawInvalid, diagnostics, ct);
        return Graph(method, function, parameters, returnType, annotations, segments, edges, diagnostics, variables);
    }

    private static SplitGraph Graph(MethodDeclarationSyntax method, string function, IReadOnlyList<SplitParameter> parameters, string returnType, SplitAnnotations annotations, IReadOnlyList<Segment> segments, IReadOnlyList<SegmentEdge> edges, List<SplitDiagnostic> diagnostics, IReadOnlyList<SplitVariable> variables) =>
        new()
        {
            Function = function,
            Parameters = parameters,
            ReturnType = returnType,
            Annotations = annotations,
            Segments = segments,
            Edges = edges,
            Diagnostics = diagnostics
                .GroupBy(d => (d.Id, d.Line, d.Message)).Select(g => g.First())
                .OrderBy(d => d.Line).ThenBy(d => d.Id, StringComparer.Ordinal).ToList(),
            Variables = variables,
            SourcePath = method.SyntaxTree.FilePath,
            StartLine = method.GetLocation().GetLineSpan().StartLinePosition.Line + 1,
            EndLine = method.GetLocation().GetLineSpan().EndLinePosition.Line + 1,
        };

    private static int Line(SyntaxNode node) => node.GetLocation().GetLineSpan().StartLinePosition.Line + 1;

    private static IReadOnlyList<Segment> FallbackSegments(MethodDeclarationSyntax method)
    {
        var statements = Statements(method);
        return statements.Select((s, i) =>
        {
            var span = s.GetLocation().GetLineSpan();
            return new Segment(i, span.StartLinePosition.Line + 1, span.EndLinePosition.Line + 1, [], [], 0);
        }).ToList();
    }

    private static IReadOnlyList<SyntaxNode> Statements(MethodDeclarationSyntax method) =>
        method.Body is { } body ? body.Statements : method.ExpressionBody is { } e ? [e.Expression] : [];

    private sealed record BodyResult(IReadOnlyList<Segment> Segments, IReadOnlyList<SegmentEdge> Edges, IReadOnlyList<SplitVariable> Variables, bool SawInvalid);

    /// <summary>Syntax the checks of <see cref="ScanSyntax"/> look at, collected during the nesting-depth walk.</summary>
    private static bool IsInteresting(SyntaxNode n) => n is YieldStatementSyntax or LocalFunctionStatementSyntax
        or VariableDeclarationSyntax { Type: RefTypeSyntax } or ForEachStatementSyntax { Type: RefTypeSyntax }
        or UnsafeStatementSyntax or FixedStatementSyntax or StackAllocArrayCreationExpressionSyntax
        or ImplicitStackAllocArrayCreationExpressionSyntax or PointerTypeSyntax or FunctionPointerTypeSyntax;

    private static BodyResult AnalyzeBody(SemanticModel model, MethodDeclarationSyntax method, IMethodSymbol? symbol, List<SyntaxNode> interesting, List<SplitDiagnostic> diagnostics, CancellationToken ct)
    {
        var statements = Statements(method);
        if (statements.Count == 0 && method.Body is null)
        {
            diagnostics.Add(SplitDiagnostics.NoBody.Create(Line(method), method.Identifier.ValueText));
            return new BodyResult([], [], [], false);
        }

        // Variables: parameters, then the locals whose scope is the method body, in source order.
        var ordinals = new Dictionary<ISymbol, int>(SymbolEqualityComparer.Default);
        var names = new List<string>();
        var types = new List<ITypeSymbol?>();
        var declaring = new List<int>();
        var isParameter = new List<bool>();
        if (symbol is not null)
        {
            foreach (var p in symbol.Parameters)
            {
                ordinals[p] = names.Count;
                names.Add(p.Name);
                types.Add(p.Type);
                declaring.Add(-1);
                isParameter.Add(true);
            }
        }

        var starts = statements.Select(s => s.SpanStart).ToArray();
        int SegmentOf(int position)
        {
            var i = Array.BinarySearch(starts, position);
            if (i < 0)
            {
                i = ~i - 1;
            }

            return i >= 0 && i < statements.Count && statements[i].Span.End >= position ? i : -1;
        }

        IReadOnlyList<IOperation?> operations;
        if (method.Body is { } body)
        {
            var blockOp = model.GetOperation(body, ct) as IBlockOperation;
            if (blockOp is not null)
            {
                var locals = blockOp.Locals
                    .Select(l => (Local: l, Position: l.Locations.Length > 0 ? l.Locations[0].SourceSpan.Start : int.MaxValue))
                    .OrderBy(x => x.Position);
                foreach (var (local, position) in locals)
                {
                    // A const local is a compile-time constant every segment sees in its own code: never a variable
                    // that is read, written or carried between segments.
                    if (ordinals.ContainsKey(local) || local.IsConst)
                    {
                        continue;
                    }

                    ordinals[local] = names.Count;
                    names.Add(local.Name);
                    types.Add(local.Type);
                    declaring.Add(SegmentOf(position));
                    isParameter.Add(false);
                }
            }

            operations = blockOp is not null && blockOp.Operations.Length == statements.Count
                && blockOp.Operations.Select((o, i) => o.Syntax == statements[i]).All(x => x)
                ? blockOp.Operations
                : statements.Select(s => model.GetOperation(s, ct)).ToList();
        }
        else
        {
            operations = [model.GetOperation(statements[0], ct)];
        }

        var ctx = new MethodContext(model, ordinals, ct);
        ScanSyntax(model, method, symbol, interesting, SegmentOf, ctx, diagnostics, ct);

        var n = statements.Count;
        var walkers = new SegmentWalker[n];
        var sawInvalid = false;
        for (var i = 0; i < n; i++)
        {
            ct.ThrowIfCancellationRequested();
            var w = new SegmentWalker(ctx, i);
            w.Run(operations[i]);
            walkers[i] = w;
            sawInvalid |= w.SawInvalid;
        }

        // Pass-through reads, data edges (last writer before the reader).
        var count = names.Count;
        var hasValue = new bool[count];
        for (var v = 0; v < count; v++)
        {
            hasValue[v] = isParameter[v];
        }

        // Aliases: a change made in place through one variable is a may-write of every variable that may refer to the
        // same object and holds a value; when such a variable is read at or after the change, separate copies in
        // separate units would disagree: SPL012.
        var aliases = AliasClasses.Compute(ctx, operations);
        var flowsIn = new VarSet[n];
        for (var k = 0; k < n; k++)
        {
            var f = walkers[k].Reads.Clone();
            foreach (var v in walkers[k].MayWrites.Members())
            {
                if (!walkers[k].DefiniteWrites.ContainsBit(v))
                {
                    f.Add(v);
                }
            }

            flowsIn[k] = f;
        }

        var aliasReported = new HashSet<(int, int)>();
        var sharedCrossingReported = new HashSet<int>();
        var lastWriter = Enumerable.Repeat(-1, count).ToArray();
        // Each (from, to) pair collects its variables; names are sorted by string.CompareOrdinal when emitted.
        var dataEdges = new Dictionary<(int From, int To), List<int>>();
        var reported = new HashSet<int>();
        CollectionHistory? history = null;
        for (var j = 0; j < n; j++)
        {
            var w = walkers[j];
            foreach (var (changedSymbol, deep) in w.InPlace)
            {
                var self = ctx.Ordinals.TryGetValue(changedSymbol, out var o) ? o : -1;
                var held = new List<int>();
                foreach (var u in aliases.Affected(changedSymbol, deep))
                {
                    if (u == self || !hasValue[u] || w.DefiniteWrites.ContainsBit(u))
                    {
                        continue;
                    }

                    w.MayWrites.Add(u);
                    held.Add(u);
                }

                // Several variables holding the changed object (or one besides the variable changed) would each be
                // a copy of their own in another unit.
                foreach (var u in held)
                {
                    var changed = self >= 0 ? self : held.Count >= 2 ? held.First(x => x != u) : -1;
                    if (changed < 0)
                    {
                        continue;
                    }

                    var reader = NextReader(u, j, walkers, flowsIn);
                    if (reader >= 0 && aliasReported.Add((Math.Min(u, changed), Math.Max(u, changed))))
                    {
                        diagnostics.Add(SplitDiagnostics.AliasedMutation.Create(Line(statements[j]), names[u], names[changed], j, reader));
                    }
                }
            }

            foreach (var v in w.MayWrites.Members())
            {
                if (!w.DefiniteWrites.ContainsBit(v) && hasValue[v])
                {
                    w.Reads.Add(v);
                }
            }

            foreach (var v in w.Reads.Members())
            {
                var from = lastWriter[v];
                if (from < 0)
                {
                    continue;
                }

                if (!dataEdges.TryGetValue((from, j), out var set))
                {
                    dataEdges[(from, j)] = set = [];
                }

                set.Add(v);
                if (types[v] is { } type && reported.Add(v))
                {
                    history ??= CollectionHistory.Of(operations, ctx);
                    CheckCrossing(ctx, history, names[v], type, from, j, statements[j], diagnostics);
                }
            }

            foreach (var v in w.MayWrites.Members())
            {
                lastWriter[v] = j;
                hasValue[v] = true;
            }
        }

        // State outside the method: a change in place through a variable that may refer to an object held by a static
        // member or by this is a change of that state.
        var sharedRoots = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var w in walkers)
        {
            sharedRoots.UnionWith(w.StaticMembers);
        }

        if (symbol?.ContainingType is { } containing && !symbol.IsStatic)
        {
            sharedRoots.Add(containing);
        }

        for (var j = 0; j < n && sharedRoots.Count > 0; j++)
        {
            foreach (var (changed, _) in walkers[j].InPlace)
            {
                if (SharedRootOf(aliases, changed, sharedRoots) is { } root)
                {
                    walkers[j].OuterWrites.Add(("the object of " + RootName(root) + " through '" + changed.Name + "'", Line(statements[j])));
                    break;
                }
            }
        }

        // A variable that may refer to an object held by a static member or by this cannot be carried to another unit:
        // there it would be a copy, and changes through it or through the member would not reach the other.
        var symbolsByOrdinal = new ISymbol[count];
        foreach (var kv in ordinals)
        {
            symbolsByOrdinal[kv.Value] = kv.Key;
        }

        foreach (var kv in dataEdges.OrderBy(e => e.Key.To).ThenBy(e => e.Key.From))
        {
            foreach (var v in kv.Value)
            {
                if (sharedRoots.Count > 0 && !sharedCrossingReported.Contains(v) && SharedRootOf(aliases, symbolsByOrdinal[v], sharedRoots) is { } root)
                {
                    sharedCrossingReported.Add(v);
                    diagnostics.Add(SplitDiagnostics.NonSerializableCrossing.Create(
                        Line(statements[kv.Key.To]), names[v], types[v]?.ToDisplayString(TypeFormat) ?? "object", kv.Key.From, kv.Key.To,
                        "it may refer to the object held by " + RootName(root) + ", state outside the method, and another unit would get a copy that changes made through either do not reach; use the member itself in each statement, or copy the value into a new object"));
                }
            }
        }

        var edges = new List<SegmentEdge>();
        var controlFrom = new List<int>();
        for (var i = 0; i < n - 1; i++)
        {
            if (walkers[i].CanReturn)
            {
                controlFrom.Add(i);
            }
        }

        foreach (var i in Enumerable.Range(0, n).Where(i => walkers[i].OuterWrites.Count > 0))
        {
            var (what, line) = walkers[i].OuterWrites[0];
            diagnostics.Add(SplitDiagnostics.OuterStateWrite.Create(line, i, what));
        }

        var all = new List<(int From, int To, string Kind, IReadOnlyList<string> Vars)>();
        foreach (var kv in dataEdges)
        {
            all.Add((kv.Key.From, kv.Key.To, EdgeKinds.Data, OrdinalNames(kv.Value, names)));
        }

        foreach (var i in controlFrom)
        {
            for (var k = i + 1; k < n; k++)
            {
                all.Add((i, k, EdgeKinds.Control, []));
            }
        }

        foreach (var (from, to) in SharedStateOrder(walkers))
        {
            all.Add((from, to, EdgeKinds.Order, []));
        }

        edges.AddRange(all
            .OrderBy(e => e.From).ThenBy(e => e.To).ThenBy(e => e.Kind, StringComparer.Ordinal)
            .Select(e => new SegmentEdge(e.From, e.To, e.Kind, e.Vars)));

        // Errors found by the walkers: goto across segments, local functions used across segments.
        for (var i = 0; i < n; i++)
        {
            foreach (var (label, line) in walkers[i].Gotos)
            {
                var target = label.Locations.FirstOrDefault(l => l.IsInSource && l.SourceTree == method.SyntaxTree);
                var t = target is null ? -1 : SegmentOf(target.SourceSpan.Start);
                if (t >= 0 && t != i)
                {
                    diagnostics.Add(SplitDiagnostics.GotoAcrossSegments.Create(line, label.Name, i, t));
                }
            }

            foreach (var (fn, declSegment, line) in walkers[i].ForeignLocalFunctionUses)
            {
                diagnostics.Add(SplitDiagnostics.DelegateCrossing.Create(line, "local function '" + fn.Name + "'", declSegment, i));
            }
        }

        var segments = new List<Segment>(n);
        for (var i = 0; i < n; i++)
        {
            var span = statements[i].GetLocation().GetLineSpan();
            var w = walkers[i];
            segments.Add(new Segment(
                i,
                span.StartLinePosition.Line + 1,
                span.EndLinePosition.Line + 1,
                OrdinalNames(w.Reads.Members(), names),
                OrdinalNames(w.MayWrites.Members(), names),
                Math.Round(Math.Max(WorkWeights.Operation, w.Work), 3))
            {
                Unassigned = method.Body is null ? [] : Unassigned(model, statements[i], i, w, ordinals, declaring, names),
                DataReads = DataReads(ctx, w, diagnostics),
            });
        }

        var variables = new List<SplitVariable>(count);
        for (var v = 0; v < count; v++)
        {
            var type = types[v]?.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) ?? "object";
            variables.Add(new SplitVariable(names[v], type, isParameter[v], declaring[v]));
        }

        return new BodyResult(segments, edges, variables, sawInvalid);
    }

    /// <summary>
    /// What a segment reads where it lives: the bytes of every [DataSource] of the methods it calls, each method once,
    /// summed per region (sorted by region); an invalid attribute is reported (SPL009) at the call and not counted.
    /// </summary>
    private static IReadOnlyList<DataRead> DataReads(MethodContext ctx, SegmentWalker w, List<SplitDiagnostic> diagnostics)
    {
        if (w.DataSourceCalls.Count == 0)
        {
            return [];
        }

        var byRegion = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var kv in w.DataSourceCalls)
        {
            var (reads, problems) = ctx.DataSources(kv.Key);
            foreach (var p in problems)
            {
                diagnostics.Add(SplitDiagnostics.InvalidAnnotation.Create(kv.Value, p));
            }

            foreach (var r in reads)
            {
                byRegion[r.Region] = byRegion.TryGetValue(r.Region, out var b) ? b + r.Bytes : r.Bytes;
            }
        }

        return [.. byRegion.Select(kv => new DataRead(kv.Key, kv.Value))];
    }

    /// <summary>
    /// Order edges for state outside the method, one location for all of it: a segment that reads it comes after the
    /// last earlier segment that changes it, and a segment that changes it after the last earlier one that changes it
    /// and after every segment that read it since (anti-dependence).
    /// </summary>
    private static IEnumerable<(int From, int To)> SharedStateOrder(SegmentWalker[] walkers)
    {
        var edges = new SortedSet<(int, int)>();
        var lastWriter = -1;
        var readers = new List<int>();
        for (var j = 0; j < walkers.Length; j++)
        {
            var writes = walkers[j].OuterWrites.Count > 0;
            if (writes)
            {
                if (lastWriter >= 0)
                {
                    edges.Add((lastWriter, j));
                }

                foreach (var r in readers)
                {
                    edges.Add((r, j));
                }

                readers.Clear();
                lastWriter = j;
            }
            else if (walkers[j].SharedRead)
            {
                if (lastWriter >= 0)
                {
                    edges.Add((lastWriter, j));
                }

                readers.Add(j);
            }
        }

        return edges;
    }

    private static ISymbol? SharedRootOf(AliasClasses aliases, ISymbol? symbol, HashSet<ISymbol> roots)
    {
        if (symbol is null)
        {
            return null;
        }

        foreach (var root in roots)
        {
            if (aliases.MayShareWith(symbol, root))
            {
                return root;
            }
        }

        return null;
    }

    private static string RootName(ISymbol root) =>
        root is ITypeSymbol ? "this" : "static " + root.ContainingType?.Name + "." + root.Name;

    /// <summary>
    /// The locals statement <paramref name="segment"/> declares and may write that C# does not consider definitely
    /// assigned at its end. Where the end is reachable the walker's definite writes are definite for C# too, and only a
    /// declared local it leaves possibly unassigned (a pattern variable of a condition, mostly) is asked of Roslyn's
    /// definite assignment; a statement that never completes (a rewritten return keeps its pattern variables in a
    /// block of their own) asks Roslyn about every local it declares.
    /// </summary>
    private static IReadOnlyList<string> Unassigned(SemanticModel model, SyntaxNode statement, int segment, SegmentWalker walker, Dictionary<ISymbol, int> ordinals, List<int> declaring, List<string> names)
    {
        List<ISymbol>? candidates = null;
        foreach (var pair in ordinals)
        {
            var v = pair.Value;
            if (declaring[v] == segment && walker.MayWrites.ContainsBit(v) && (!walker.EndReachable || !walker.DefiniteWrites.ContainsBit(v)))
            {
                (candidates ??= []).Add(pair.Key);
            }
        }

        if (candidates is null || model.AnalyzeDataFlow(statement) is not { Succeeded: true } flow)
        {
            return [];
        }

        var assigned = new HashSet<ISymbol>(flow.DefinitelyAssignedOnExit, SymbolEqualityComparer.Default);
        return OrdinalNames(candidates.Where(c => !assigned.Contains(c)).Select(c => ordinals[c]), names);
    }

    /// <summary>The first segment from <paramref name="from"/> on that reads the value <paramref name="v"/> holds before it, or -1.</summary>
    private static int NextReader(int v, int from, SegmentWalker[] walkers, VarSet[] flowsIn)
    {
        for (var k = from; k < walkers.Length; k++)
        {
            if (flowsIn[k].ContainsBit(v))
            {
                return k;
            }

            if (walkers[k].DefiniteWrites.ContainsBit(v))
            {
                return -1;
            }
        }

        return -1;
    }

    /// <summary>The variables' names sorted by <see cref="string.CompareOrdinal(string, string)"/> (the manifest's order).</summary>
    private static List<string> OrdinalNames(IEnumerable<int> variables, List<string> names)
    {
        var list = variables.Select(v => names[v]).ToList();
        list.Sort(StringComparer.Ordinal);
        return list;
    }

    private static void CheckCrossing(MethodContext ctx, CollectionHistory history, string name, ITypeSymbol type, int from, int to, SyntaxNode statement, List<SplitDiagnostic> diagnostics)
    {
        var line = Line(statement);
        if (type.TypeKind == TypeKind.Delegate)
        {
            diagnostics.Add(SplitDiagnostics.DelegateCrossing.Create(line, "lambda or delegate '" + name + "'", from, to));
            return;
        }

        var reason = ctx.NonSerializableReason(type) ?? history.Check(type);
        if (reason is not null)
        {
            diagnostics.Add(SplitDiagnostics.NonSerializableCrossing.Create(line, name, type.ToDisplayString(TypeFormat), from, to, reason));
        }
    }

    /// <summary>Errors visible in the syntax and the method's symbol: iterators, ref, unsafe; collects local functions.</summary>
    private static void ScanSyntax(SemanticModel model, MethodDeclarationSyntax method, IMethodSymbol? symbol, List<SyntaxNode> interesting, Func<int, int> segmentOf, MethodContext ctx, List<SplitDiagnostic> diagnostics, CancellationToken ct)
    {
        if (symbol is not null)
        {
            foreach (var p in symbol.Parameters)
            {
                if (p.RefKind is RefKind.Ref or RefKind.Out)
                {
                    var line = p.Locations.Length > 0 ? p.Locations[0].GetLineSpan().StartLinePosition.Line + 1 : Line(method);
                    diagnostics.Add(SplitDiagnostics.RefVariable.Create(line, (p.RefKind == RefKind.Out ? "out" : "ref") + " parameter '" + p.Name + "'"));
                }

                if (p.Type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer)
                {
                    diagnostics.Add(SplitDiagnostics.Unsafe.Create(Line(method), "pointer parameter '" + p.Name + "'"));
                }
            }

            if (symbol.ReturnsByRef || symbol.ReturnsByRefReadonly)
            {
                diagnostics.Add(SplitDiagnostics.RefVariable.Create(Line(method), "a ref return"));
            }
        }

        if (method.Modifiers.Any(SyntaxKind.UnsafeKeyword))
        {
            diagnostics.Add(SplitDiagnostics.Unsafe.Create(Line(method), "an unsafe method"));
        }

        var root = (SyntaxNode?)method.Body ?? method.ExpressionBody;
        if (root is null)
        {
            return;
        }

        var iterator = symbol?.IsIterator == true;
        var yieldReported = false;
        foreach (var node in interesting)
        {
            if (!root.Span.Contains(node.Span))
            {
                continue;
            }

            switch (node)
            {
                case YieldStatementSyntax when iterator && !yieldReported && !InsideNestedFunction(node, root):
                    yieldReported = true;
                    diagnostics.Add(SplitDiagnostics.Iterator.Create(Line(node), symbol!.Name));
                    break;
                case LocalFunctionStatementSyntax lf:
                    if (model.GetDeclaredSymbol(lf, ct) is IMethodSymbol fn)
                    {
                        var top = lf.Parent == method.Body;
                        ctx.LocalFunctions[fn.OriginalDefinition] = new LocalFunctionInfo(lf, segmentOf(lf.SpanStart), top);
                    }

                    break;
                case VariableDeclarationSyntax { Type: RefTypeSyntax } vd:
                    foreach (var v in vd.Variables)
                    {
                        diagnostics.Add(SplitDiagnostics.RefVariable.Create(Line(v), "ref local '" + v.Identifier.ValueText + "'"));
                    }

                    break;
                case ForEachStatementSyntax { Type: RefTypeSyntax } fe:
                    diagnostics.Add(SplitDiagnostics.RefVariable.Create(Line(fe), "ref local '" + fe.Identifier.ValueText + "'"));
                    break;
                case UnsafeStatementSyntax:
                    diagnostics.Add(SplitDiagnostics.Unsafe.Create(Line(node), "an unsafe block"));
                    break;
                case FixedStatementSyntax:
                    diagnostics.Add(SplitDiagnostics.Unsafe.Create(Line(node), "a fixed statement"));
                    break;
                case StackAllocArrayCreationExpressionSyntax:
                case ImplicitStackAllocArrayCreationExpressionSyntax:
                    diagnostics.Add(SplitDiagnostics.Unsafe.Create(Line(node), "stackalloc"));
                    break;
                case PointerTypeSyntax:
                case FunctionPointerTypeSyntax:
                    diagnostics.Add(SplitDiagnostics.Unsafe.Create(Line(node), "a pointer type"));
                    break;
                default:
                    break;
            }
        }

        if (iterator && !yieldReported)
        {
            diagnostics.Add(SplitDiagnostics.Iterator.Create(Line(method), symbol!.Name));
        }
    }

    private static bool InsideNestedFunction(SyntaxNode node, SyntaxNode root)
    {
        for (var p = node.Parent; p is not null && p != root; p = p.Parent)
        {
            if (p is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)
            {
                return true;
            }
        }

        return false;
    }

    private static void AddCompilerErrors(SemanticModel model, MethodDeclarationSyntax method, IReadOnlyList<Diagnostic>? compilerErrors, bool sawInvalid, List<SplitDiagnostic> diagnostics, CancellationToken ct)
    {
        IEnumerable<Diagnostic> errors;
        if (compilerErrors is not null)
        {
            errors = compilerErrors.Where(d => d.Location.SourceTree == method.SyntaxTree && method.FullSpan.Contains(d.Location.SourceSpan.Start));
        }
        else
        {
            errors = method.ContainsDiagnostics ? method.GetDiagnostics() : [];
            if (sawInvalid)
            {
                errors = errors.Concat(model.GetDiagnostics(method.Span, ct));
            }
        }

        var added = 0;
        foreach (var d in errors.Where(d => d.Severity == DiagnosticSeverity.Error).Distinct())
        {
            if (added++ == MaxCompilerErrors)
            {
                break;
            }

            var line = d.Location.GetLineSpan().StartLinePosition.Line + 1;
            diagnostics.Add(SplitDiagnostics.CompilerError.Create(line, d.Id, d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)));
        }
    }
}
