using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Serverless.Splitting.Analysis;

/// <summary>What the segment walkers of one method share: variable ordinals, local functions, line numbers.</summary>
internal sealed class MethodContext
{
    private readonly SemanticModel _model;
    private readonly Dictionary<IMethodSymbol, bool> _splitable = new(SymbolEqualityComparer.Default);
    private readonly CancellationToken _ct;

    public MethodContext(SemanticModel model, Dictionary<ISymbol, int> ordinals, CancellationToken ct)
    {
        _model = model;
        Ordinals = ordinals;
        _ct = ct;
    }

    /// <summary>Parameters and top-level locals to their ordinal (parameters first, then locals in source order).</summary>
    public Dictionary<ISymbol, int> Ordinals { get; }

    public int VariableCount => Ordinals.Count;

    public Dictionary<IMethodSymbol, LocalFunctionInfo> LocalFunctions { get; } = new(SymbolEqualityComparer.Default);

    public int Line(SyntaxNode? node) => node is null ? 0 : node.GetLocation().GetLineSpan().StartLinePosition.Line + 1;

    public ILocalFunctionOperation? GetLocalFunctionOperation(LocalFunctionStatementSyntax syntax) =>
        _model.GetOperation(syntax, _ct) as ILocalFunctionOperation;

    public bool IsSplitable(IMethodSymbol method)
    {
        var def = method.OriginalDefinition;
        if (!_splitable.TryGetValue(def, out var result))
        {
            result = SplitAnalyzer.HasSplitableAttribute(def);
            _splitable[def] = result;
        }

        return result;
    }
}

/// <summary>A local function of the method: its declaration, segment, and whether it is a top-level statement.</summary>
internal sealed record LocalFunctionInfo(LocalFunctionStatementSyntax Syntax, int Segment, bool TopLevel);
