using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Serverless.Contracts.Manifest;

namespace Serverless.Splitting.Analysis;

/// <summary>What the segment walkers of one method share: variable ordinals, local functions, line numbers.</summary>
internal sealed class MethodContext
{
    private readonly SemanticModel _model;
    private readonly Dictionary<IMethodSymbol, bool> _splitable = new(SymbolEqualityComparer.Default);
    private readonly CancellationToken _ct;
    private readonly Dictionary<(IMethodSymbol, ITypeSymbol?), bool> _nonMutating = new(new MethodTypeComparer());
    private readonly Dictionary<ITypeSymbol, string?> _nonSerializable = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<IMethodSymbol, (IReadOnlyList<DataRead> Reads, IReadOnlyList<string> Problems)> _dataSources = new(SymbolEqualityComparer.Default);

    public MethodContext(SemanticModel model, Dictionary<ISymbol, int> ordinals, CancellationToken ct)
    {
        _model = model;
        Ordinals = ordinals;
        _ct = ct;
        Summaries = new CallSummaries(model, ct);
        Shared = new SharedState(model, ct);
    }

    /// <summary>Which callees of the user's code read or change static state.</summary>
    public SharedState Shared { get; }

    /// <summary>Which callees may change their arguments or receiver.</summary>
    public CallSummaries Summaries { get; }

    /// <summary>Parameters and top-level locals to their ordinal (parameters first, then locals in source order).</summary>
    public Dictionary<ISymbol, int> Ordinals { get; }

    public int VariableCount => Ordinals.Count;

    public Dictionary<IMethodSymbol, LocalFunctionInfo> LocalFunctions { get; } = new(SymbolEqualityComparer.Default);

    public int Line(SyntaxNode? node) => node is null ? 0 : node.GetLocation().GetLineSpan().StartLinePosition.Line + 1;

    public ILocalFunctionOperation? GetLocalFunctionOperation(LocalFunctionStatementSyntax syntax) =>
        _model.GetOperation(syntax, _ct) as ILocalFunctionOperation;

    /// <summary><see cref="KnownNonMutating.IsNonMutating"/>, cached per method and receiver type.</summary>
    public bool IsNonMutating(IMethodSymbol method, ITypeSymbol? receiverType)
    {
        var key = (method, receiverType);
        if (!_nonMutating.TryGetValue(key, out var result))
        {
            result = KnownNonMutating.IsNonMutating(method, receiverType);
            _nonMutating[key] = result;
        }

        return result;
    }

    /// <summary><see cref="NonSerializableTypes.Reason"/>, cached per type.</summary>
    public string? NonSerializableReason(ITypeSymbol type)
    {
        if (!_nonSerializable.TryGetValue(type, out var reason))
        {
            reason = NonSerializableTypes.Reason(type);
            _nonSerializable[type] = reason;
        }

        return reason;
    }

    /// <summary>The [DataSource] attributes of a callee (<see cref="AnnotationReader.ReadDataSources"/>), cached per method.</summary>
    public (IReadOnlyList<DataRead> Reads, IReadOnlyList<string> Problems) DataSources(IMethodSymbol method)
    {
        var def = method.ReducedFrom ?? method.OriginalDefinition;
        if (!_dataSources.TryGetValue(def, out var result))
        {
            result = AnnotationReader.ReadDataSources(def);
            _dataSources[def] = result;
        }

        return result;
    }

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

/// <summary>Compares (method, receiver type) pairs by symbol identity.</summary>
internal sealed class MethodTypeComparer : IEqualityComparer<(IMethodSymbol Method, ITypeSymbol? Type)>
{
    public bool Equals((IMethodSymbol Method, ITypeSymbol? Type) x, (IMethodSymbol Method, ITypeSymbol? Type) y) =>
        SymbolEqualityComparer.Default.Equals(x.Method, y.Method) && SymbolEqualityComparer.Default.Equals(x.Type, y.Type);

    public int GetHashCode((IMethodSymbol Method, ITypeSymbol? Type) obj) =>
        (SymbolEqualityComparer.Default.GetHashCode(obj.Method) * 31) + (obj.Type is null ? 0 : SymbolEqualityComparer.Default.GetHashCode(obj.Type));
}

/// <summary>A local function of the method: its declaration, segment, and whether it is a top-level statement.</summary>
internal sealed record LocalFunctionInfo(LocalFunctionStatementSyntax Syntax, int Segment, bool TopLevel);
