using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Serverless.Splitting.Analysis;

/// <summary>
/// May a method change the object passed as one of its parameters (or its receiver, <c>this</c>)? Answered by
/// <see cref="KnownNonMutating"/> for the BCL, and from the callee's body when it is in the same compilation: the
/// body (lambdas and local functions included) assigns a member or element of the parameter or of a local that may
/// refer to it, calls a mutating member on it, or passes it on to a call that may change it. Calls are followed to a
/// bounded depth; recursion is a least fixpoint (a cycle adds no mutation by itself); virtual, abstract, interface,
/// extern and delegate targets may mutate.
/// </summary>
internal sealed class CallSummaries
{
    private const int MaxDepth = 6;

    private readonly Compilation _compilation;
    private readonly CancellationToken _ct;
    private readonly Dictionary<(IMethodSymbol Method, int Parameter), bool> _results = new(new MethodIntComparer());
    private readonly HashSet<(IMethodSymbol Method, int Parameter)> _inProgress = new(new MethodIntComparer());
    private readonly Dictionary<SyntaxTree, SemanticModel> _models = [];
    private bool _usedAssumption;

    public CallSummaries(SemanticModel model, CancellationToken ct)
    {
        _compilation = model.Compilation;
        _models[model.SyntaxTree] = model;
        _ct = ct;
    }

    /// <summary>May <paramref name="method"/> change the object passed for <paramref name="parameter"/>?</summary>
    public bool MayMutateArgument(IMethodSymbol method, IParameterSymbol? parameter)
    {
        if (KnownNonMutating.IsArgumentNonMutating(method, parameter))
        {
            return false;
        }

        return parameter is null || MayMutate(method, parameter.Ordinal, 0);
    }

    /// <summary>May the instance method <paramref name="method"/> (not known to the BCL list) change its receiver?</summary>
    public bool MayMutateReceiver(IMethodSymbol method) => MayMutate(method, -1, 0);

    private bool MayMutate(IMethodSymbol method, int parameter, int depth)
    {
        var def = method.OriginalDefinition;
        def = def.PartialImplementationPart ?? def;
        if (def.ContainingType is null || def.ContainingType.TypeKind is TypeKind.Interface or TypeKind.Delegate
            || def.IsVirtual || def.IsAbstract || def.IsExtern || (def.IsOverride && !def.IsSealed && !def.ContainingType.IsSealed)
            || depth > MaxDepth || (parameter >= 0 && parameter >= def.Parameters.Length) || (parameter < 0 && def.IsStatic))
        {
            return true;
        }

        var key = (def, parameter);
        if (_results.TryGetValue(key, out var known))
        {
            return known;
        }

        if (!_inProgress.Add(key))
        {
            // Least fixpoint: a recursive call adds no mutation of its own; results that relied on it are not cached.
            _usedAssumption = true;
            return false;
        }

        var outer = _usedAssumption;
        _usedAssumption = false;
        bool result;
        try
        {
            var body = Body(def);
            result = body is null
                ? !(parameter >= 0 && def.ContainingType.IsRecord && def.MethodKind == MethodKind.Constructor)
                : Scan(body, parameter >= 0 ? def.Parameters[parameter] : def.ContainingType, depth);
        }
        finally
        {
            _inProgress.Remove(key);
        }

        if (result || !_usedAssumption || _inProgress.Count == 0)
        {
            _results[key] = result;
        }

        _usedAssumption |= outer;
        return result;
    }

    private IOperation? Body(IMethodSymbol method)
    {
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            var syntax = reference.GetSyntax(_ct);
            if (syntax is not (BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AccessorDeclarationSyntax)
                || !_compilation.ContainsSyntaxTree(syntax.SyntaxTree))
            {
                continue;
            }

            if (!_models.TryGetValue(syntax.SyntaxTree, out var model))
            {
                model = SplitAnalyzer.ModelOf(_compilation, syntax.SyntaxTree);
                _models[syntax.SyntaxTree] = model;
            }

            var op = model.GetOperation(syntax, _ct);
            if (op is not null)
            {
                return op;
            }
        }

        return null;
    }

    /// <summary>Does <paramref name="body"/> change the object rooted at <paramref name="root"/> (a parameter, or the containing type for <c>this</c>)?</summary>
    private bool Scan(IOperation body, ISymbol root, int depth)
    {
        var ops = body.DescendantsAndSelf().ToList();
        var tainted = new HashSet<ISymbol>(SymbolEqualityComparer.Default) { root };
        var roots = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        bool Touches(IOperation? value)
        {
            roots.Clear();
            SharingRoots.Add(value, roots);
            return roots.Overlaps(tainted);
        }

        // Locals that may refer to (part of) the parameter's object, to a fixpoint.
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var op in ops)
            {
                switch (op)
                {
                    case IVariableDeclaratorOperation { Initializer: { } init } d when !tainted.Contains(d.Symbol) && Touches(init.Value):
                        changed |= tainted.Add(d.Symbol);
                        break;
                    case ISimpleAssignmentOperation a when Touches(a.Value):
                        changed |= TaintTargets(a.Target, tainted);
                        break;
                    case IDeconstructionAssignmentOperation da when Touches(da.Value):
                        changed |= TaintTargets(da.Target, tainted);
                        break;
                    case IForEachLoopOperation fe when Touches(fe.Collection):
                        foreach (var l in fe.Locals)
                        {
                            changed |= tainted.Add(l);
                        }

                        break;
                    case IIsPatternOperation ip when Touches(ip.Value):
                        changed |= TaintPatternLocals(ip.Pattern, tainted);
                        break;
                    case ISwitchExpressionOperation se when Touches(se.Value):
                        foreach (var arm in se.Arms)
                        {
                            changed |= TaintPatternLocals(arm.Pattern, tainted);
                        }

                        break;
                    case ISwitchOperation sw when Touches(sw.Value):
                        foreach (var c in sw.Cases.SelectMany(c => c.Clauses).OfType<IPatternCaseClauseOperation>())
                        {
                            changed |= TaintPatternLocals(c.Pattern, tainted);
                        }

                        break;
                    case IArgumentOperation { Parameter.RefKind: RefKind.Out or RefKind.Ref } arg when arg.Parent is { } call && Touches(call):
                        changed |= TaintTargets(arg.Value, tainted);
                        break;
                    default:
                        break;
                }
            }
        }

        foreach (var op in ops)
        {
            _ct.ThrowIfCancellationRequested();
            switch (op)
            {
                case ISimpleAssignmentOperation a when ThroughMember(a.Target, tainted):
                case ICompoundAssignmentOperation c when ThroughMember(c.Target, tainted):
                case IIncrementOrDecrementOperation i when ThroughMember(i.Target, tainted):
                case ICoalesceAssignmentOperation ca when ThroughMember(ca.Target, tainted):
                case IDeconstructionAssignmentOperation d when ThroughMember(d.Target, tainted):
                case IEventAssignmentOperation e when ThroughMember(e.EventReference, tainted):
                case IArgumentOperation { Parameter.RefKind: RefKind.Out or RefKind.Ref } r when ThroughMember(r.Value, tainted):
                case IDynamicInvocationOperation or IDynamicMemberReferenceOperation or IDynamicIndexerAccessOperation when Touches(op):
                    return true;
                case IInvocationOperation { TargetMethod.IsStatic: false, Instance: { } instance } inv when Touches(instance)
                    && !KnownNonMutating.IsNonMutating(inv.TargetMethod, instance.Type) && MayMutateReceiverAt(inv.TargetMethod, depth):
                    return true;
                case IMethodReferenceOperation { Method.IsStatic: false, Instance: { } instance } mr when Touches(instance)
                    && !KnownNonMutating.IsNonMutating(mr.Method, instance.Type):
                    return true;
                case IArgumentOperation arg when arg.Parameter is { RefKind: not (RefKind.Out or RefKind.Ref) } p
                    && KnownNonMutating.CanBeMutatedThrough(arg.Value.Type, p.RefKind is RefKind.In or RefKind.RefReadOnlyParameter)
                    && Touches(arg.Value) && CalleeMayMutate(arg, p, depth):
                    return true;
                default:
                    break;
            }
        }

        return false;
    }

    private bool MayMutateReceiverAt(IMethodSymbol method, int depth) => MayMutate(method, -1, depth + 1);

    private bool CalleeMayMutate(IArgumentOperation arg, IParameterSymbol parameter, int depth)
    {
        var method = arg.Parent switch
        {
            IInvocationOperation inv => inv.TargetMethod,
            IObjectCreationOperation oc => oc.Constructor,
            _ => null,
        };

        if (method is null)
        {
            // Indexer arguments and the like: read.
            return arg.Parent is not IPropertyReferenceOperation;
        }

        return !KnownNonMutating.IsArgumentNonMutating(method, parameter) && MayMutate(method, parameter.Ordinal, depth + 1);
    }

    private static bool TaintTargets(IOperation target, HashSet<ISymbol> tainted)
    {
        switch (target)
        {
            case ILocalReferenceOperation l when KnownNonMutating.MayShareState(l.Local.Type, 0):
                return tainted.Add(l.Local);
            case IDeclarationExpressionOperation d:
                return TaintTargets(d.Expression, tainted);
            case ITupleOperation t:
                var any = false;
                foreach (var e in t.Elements)
                {
                    any |= TaintTargets(e, tainted);
                }

                return any;
            case IConversionOperation c:
                return TaintTargets(c.Operand, tainted);
            default:
                return false;
        }
    }

    private static bool TaintPatternLocals(IPatternOperation pattern, HashSet<ISymbol> tainted)
    {
        var any = false;
        foreach (var symbol in AliasClasses.DeclaredBy(pattern))
        {
            any |= tainted.Add(symbol);
        }

        return any;
    }

    /// <summary>A member or element (not the variable itself) of something rooted at a tainted symbol.</summary>
    private static bool ThroughMember(IOperation target, HashSet<ISymbol> tainted)
    {
        switch (target)
        {
            case ITupleOperation t:
                return t.Elements.Any(e => ThroughMember(e, tainted));
            case IDeclarationExpressionOperation d:
                return ThroughMember(d.Expression, tainted);
            case IConversionOperation c:
                return ThroughMember(c.Operand, tainted);
            case ILocalReferenceOperation:
            case IParameterReferenceOperation:
            case IDiscardOperation:
                return false;
            default:
                {
                    var roots = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
                    var instance = target switch
                    {
                        IFieldReferenceOperation { Field.IsStatic: false } f => f.Instance,
                        IPropertyReferenceOperation { Property.IsStatic: false } p => p.Instance,
                        IEventReferenceOperation { Event.IsStatic: false } e => e.Instance,
                        IArrayElementReferenceOperation a => a.ArrayReference,
                        IImplicitIndexerReferenceOperation ii => ii.Instance,
                        IInlineArrayAccessOperation ia => ia.Instance,
                        IDynamicMemberReferenceOperation dm => dm.Instance,
                        IDynamicIndexerAccessOperation dx => dx.Operation,
                        _ => null,
                    };

                    if (instance is null)
                    {
                        return false;
                    }

                    // A field of a struct local is the local itself (a copy): follow member chains to their root.
                    RootsOfChain(instance, roots);
                    return roots.Overlaps(tainted);
                }
        }
    }

    private static void RootsOfChain(IOperation op, HashSet<ISymbol> roots)
    {
        switch (op)
        {
            case IFieldReferenceOperation { Field.IsStatic: false, Instance: { } i }:
                RootsOfChain(i, roots);
                break;
            case IPropertyReferenceOperation { Property.IsStatic: false, Instance: { } i }:
                RootsOfChain(i, roots);
                break;
            case IArrayElementReferenceOperation a:
                RootsOfChain(a.ArrayReference, roots);
                break;
            case IConversionOperation c:
                RootsOfChain(c.Operand, roots);
                break;
            case ILocalReferenceOperation l:
                roots.Add(l.Local);
                break;
            case IParameterReferenceOperation p:
                roots.Add(p.Parameter);
                break;
            case IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance } i when i.Type is not null:
                roots.Add(i.Type);
                break;
            default:
                SharingRoots.Add(op, roots);
                break;
        }
    }
}

/// <summary>Compares (method, parameter ordinal) pairs by symbol identity.</summary>
internal sealed class MethodIntComparer : IEqualityComparer<(IMethodSymbol Method, int Parameter)>
{
    public bool Equals((IMethodSymbol Method, int Parameter) x, (IMethodSymbol Method, int Parameter) y) =>
        x.Parameter == y.Parameter && SymbolEqualityComparer.Default.Equals(x.Method, y.Method);

    public int GetHashCode((IMethodSymbol Method, int Parameter) obj) =>
        (SymbolEqualityComparer.Default.GetHashCode(obj.Method) * 31) + obj.Parameter;
}
