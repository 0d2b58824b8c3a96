using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Serverless.Splitting.Analysis;

/// <summary>How a callee uses static state (static fields and properties of the user's code).</summary>
internal readonly record struct SharedAccess(bool Reads, bool Writes)
{
    public static SharedAccess None => default;

    public SharedAccess Or(SharedAccess other) => new(Reads || other.Reads, Writes || other.Writes);
}

/// <summary>
/// Does a method of the user's code (same compilation) read or change static state, directly or through the calls
/// it makes (bounded depth; a recursive call adds nothing by itself)? A static member is written when it is assigned,
/// incremented, passed by <c>ref</c>/<c>out</c>, or when its value can share mutable state and is used other than as
/// the receiver of a member known not to mutate (a call on it, an argument, stored in a local). Abstract, interface
/// and virtual methods of the user's code may do anything. Methods outside the compilation (the BCL) touch no user
/// state; callbacks they make into user overrides (<c>CompareTo</c>, <c>ToString</c>) are not followed.
/// </summary>
internal sealed class SharedState
{
    private const int MaxDepth = 6;

    private readonly Compilation _compilation;
    private readonly CancellationToken _ct;
    private readonly Dictionary<IMethodSymbol, SharedAccess> _results = new(SymbolEqualityComparer.Default);
    private readonly HashSet<IMethodSymbol> _inProgress = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<SyntaxTree, SemanticModel> _models = [];

    public SharedState(SemanticModel model, CancellationToken ct)
    {
        _compilation = model.Compilation;
        _models[model.SyntaxTree] = model;
        _ct = ct;
    }

    /// <summary>What a call of <paramref name="method"/> may do to static state.</summary>
    public SharedAccess Of(IMethodSymbol? method) => method is null ? SharedAccess.None : Of(method, 0);

    /// <summary>
    /// The static field (not a constant), property or event of the user's code (declared in source) that
    /// <paramref name="op"/> refers to, or null. The BCL's statics (<c>StringComparer.Ordinal</c>) are not user state.
    /// </summary>
    public static ISymbol? StaticMember(IOperation op)
    {
        ISymbol? member = op switch
        {
            IFieldReferenceOperation { Field: { IsStatic: true, IsConst: false } f } => f,
            IPropertyReferenceOperation { Property.IsStatic: true } p => p.Property,
            IEventReferenceOperation { Event.IsStatic: true } e => e.Event,
            _ => null,
        };

        return member is not null && IsInSource(member) ? member : null;
    }

    private static bool IsInSource(ISymbol symbol)
    {
        foreach (var l in symbol.Locations)
        {
            if (l.IsInSource)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Is the member reference <paramref name="op"/> (or the member/element chain it starts) used where it may be
    /// changed: assigned, incremented, passed by ref, or a value that can share state used other than as the receiver
    /// of a non-mutating member?
    /// </summary>
    public static bool IsWritePosition(IOperation op)
    {
        var top = op;
        var shareable = op.Type is { } t0 && KnownNonMutating.MayShareState(t0, 0);
        while (top.Parent is { } parent && IsChainStep(parent, top))
        {
            top = parent;
        }

        switch (top.Parent)
        {
            case ISimpleAssignmentOperation a when ReferenceEquals(a.Target, top):
            case ICompoundAssignmentOperation c when ReferenceEquals(c.Target, top):
            case IIncrementOrDecrementOperation:
            case ICoalesceAssignmentOperation ca when ReferenceEquals(ca.Target, top):
            case IDeconstructionAssignmentOperation:
            case ITupleOperation { Parent: IDeconstructionAssignmentOperation }:
            case IEventAssignmentOperation:
            case IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out }:
                return true;
            case IInvocationOperation inv when ReferenceEquals(inv.Instance, top):
                return !KnownNonMutating.IsNonMutating(inv.TargetMethod, top.Type);
            case INameOfOperation:
                return false;
            default:
                return shareable || (top.Type is { } t && KnownNonMutating.MayShareState(t, 0));
        }
    }

    private static bool IsChainStep(IOperation parent, IOperation child) => parent switch
    {
        IFieldReferenceOperation f => ReferenceEquals(f.Instance, child),
        IPropertyReferenceOperation p => ReferenceEquals(p.Instance, child),
        IArrayElementReferenceOperation a => ReferenceEquals(a.ArrayReference, child),
        IImplicitIndexerReferenceOperation ii => ReferenceEquals(ii.Instance, child),
        IConversionOperation => true,
        _ => false,
    };

    private SharedAccess Of(IMethodSymbol method, int depth)
    {
        var def = method.OriginalDefinition;
        def = def.PartialImplementationPart ?? def;
        if (def.MethodKind == MethodKind.DelegateInvoke || def.ContainingType is null || !IsInSource(def))
        {
            return SharedAccess.None;
        }

        if (def.ContainingType.TypeKind == TypeKind.Interface || def.IsAbstract || def.IsVirtual || def.IsExtern || depth > MaxDepth)
        {
            return new SharedAccess(true, true);
        }

        if (_results.TryGetValue(def, out var known))
        {
            return known;
        }

        if (!_inProgress.Add(def))
        {
            return SharedAccess.None;
        }

        SharedAccess result;
        try
        {
            var (hasBody, body) = Body(def);
            result = body is not null ? Scan(body, depth) : hasBody ? SharedAccess.None : new SharedAccess(true, true);
        }
        finally
        {
            _inProgress.Remove(def);
        }

        if (_inProgress.Count == 0)
        {
            _results[def] = result;
        }

        return result;
    }

    private SharedAccess Scan(IOperation body, int depth)
    {
        var access = SharedAccess.None;
        foreach (var op in body.DescendantsAndSelf())
        {
            _ct.ThrowIfCancellationRequested();
            if (StaticMember(op) is not null)
            {
                access = access.Or(new SharedAccess(true, IsWritePosition(op)));
            }

            access = access.Or(Callee(op, depth));
            if (access.Writes)
            {
                return access;
            }
        }

        return access;
    }

    /// <summary>What the code <paramref name="op"/> runs in the user's code (a call, a constructor, an accessor) may do to static state.</summary>
    public SharedAccess Callee(IOperation op, int depth = 0) => op switch
    {
        IInvocationOperation inv => Of(inv.TargetMethod, depth + 1),
        IObjectCreationOperation { Constructor: { } ctor } => Of(ctor, depth + 1),
        IMethodReferenceOperation mr => Of(mr.Method, depth + 1),
        IPropertyReferenceOperation p => Accessors(p, depth),
        _ => SharedAccess.None,
    };

    private SharedAccess Accessors(IPropertyReferenceOperation p, int depth)
    {
        var access = SharedAccess.None;
        if (p.Property.GetMethod is { } get)
        {
            access = access.Or(Of(get, depth + 1));
        }

        if (p.Property.SetMethod is { } set && IsWritePosition(p))
        {
            access = access.Or(Of(set, depth + 1));
        }

        return access;
    }

    /// <summary>The method's body; (false, null) when it has code that cannot be read, (true, null) when it has none (an auto-accessor, a synthesized member).</summary>
    private (bool Known, IOperation? Body) Body(IMethodSymbol method)
    {
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            var syntax = reference.GetSyntax(_ct);
            if (!_compilation.ContainsSyntaxTree(syntax.SyntaxTree))
            {
                continue;
            }

            switch (syntax)
            {
                case AccessorDeclarationSyntax { Body: null, ExpressionBody: null }:
                case PropertyDeclarationSyntax { ExpressionBody: null }:
                case TypeDeclarationSyntax:
                case ParameterSyntax:
                    return (true, null);
                case BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AccessorDeclarationSyntax or PropertyDeclarationSyntax or ArrowExpressionClauseSyntax:
                    break;
                default:
                    continue;
            }

            if (!_models.TryGetValue(syntax.SyntaxTree, out var model))
            {
                model = SplitAnalyzer.ModelOf(_compilation, syntax.SyntaxTree);
                _models[syntax.SyntaxTree] = model;
            }

            var node = syntax is PropertyDeclarationSyntax { ExpressionBody: { } arrow } ? arrow : syntax;
            var op = model.GetOperation(node, _ct);
            if (op is not null)
            {
                return (true, op);
            }
        }

        return (method.IsImplicitlyDeclared, null);
    }
}
