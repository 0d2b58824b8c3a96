using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Serverless.Splitting.Analysis;

/// <summary>
/// The locals and parameters whose objects a value may be, or may contain (it shares mutable state with them):
/// <c>a</c>, <c>a.Items</c>, <c>a[i]</c>, <c>c ? a : b</c>, <c>a ?? b</c>, <c>F(a)</c> (a call may return its
/// argument), <c>new Holder(a)</c>, <c>new List&lt;T&gt; { a }</c>. A value of a type that cannot share state (an
/// <c>int</c>, a <c>string</c>) has no roots; copies made by the BCL (<c>ToList</c>, <c>new List&lt;T&gt;(xs)</c>)
/// share only when their elements can. <c>this</c> is rooted at the containing type's symbol.
/// </summary>
internal static class SharingRoots
{
    /// <summary>BCL calls (already known not to mutate) whose result is a new object holding the source's elements.</summary>
    private static readonly HashSet<string> s_copyingMethods = new(System.StringComparer.Ordinal)
    {
        "ToList", "ToArray", "ToHashSet", "ToDictionary", "ToLookup", "ToImmutableArray", "ToImmutableList",
        "ToImmutableDictionary", "ToImmutableHashSet", "ToImmutableSortedDictionary", "ToImmutableSortedSet",
        "ToFrozenDictionary", "ToFrozenSet", "GetRange", "ConvertAll", "Clone", "ToString", "CopyOf",
    };

    public static void Add(IOperation? op, HashSet<ISymbol> roots)
    {
        if (op is null)
        {
            return;
        }

        RuntimeHelpers.EnsureSufficientExecutionStack();
        if (op.Type is { } type && !KnownNonMutating.MayShareState(type, 0))
        {
            return;
        }

        switch (op)
        {
            case ILocalReferenceOperation l:
                roots.Add(l.Local);
                return;
            case IParameterReferenceOperation p:
                roots.Add(p.Parameter);
                return;
            case IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance } i when i.Type is not null:
                roots.Add(i.Type);
                return;
            case IFieldReferenceOperation f:
                Add(f.Instance, roots);
                return;
            case IPropertyReferenceOperation pr:
                Add(pr.Instance, roots);
                return;
            case IArrayElementReferenceOperation ae:
                Add(ae.ArrayReference, roots);
                return;
            case IImplicitIndexerReferenceOperation ii:
                Add(ii.Instance, roots);
                return;
            case IConversionOperation c:
                Add(c.Operand, roots);
                return;
            case IConditionalOperation c:
                Add(c.WhenTrue, roots);
                Add(c.WhenFalse, roots);
                return;
            case ICoalesceOperation co:
                Add(co.Value, roots);
                Add(co.WhenNull, roots);
                return;
            case IConditionalAccessOperation ca:
                Add(ca.Operation, roots);
                Add(ca.WhenNotNull, roots);
                return;
            case IConditionalAccessInstanceOperation:
                return;
            case ISwitchExpressionOperation se:
                foreach (var arm in se.Arms)
                {
                    Add(arm.Value, roots);
                }

                return;
            case ISimpleAssignmentOperation a:
                Add(a.Value, roots);
                Add(a.Target, roots);
                return;
            case IAnonymousFunctionOperation:
            case ILiteralOperation:
            case INameOfOperation:
            case ITypeOfOperation:
                return;
            case IInvocationOperation inv:
                AddCall(inv.TargetMethod, inv.Instance, inv.Arguments, roots);
                return;
            case IObjectCreationOperation oc:
                if (oc.Constructor is { } ctor)
                {
                    AddCall(ctor, null, oc.Arguments, roots);
                }
                else
                {
                    foreach (var a in oc.Arguments)
                    {
                        Add(a.Value, roots);
                    }
                }

                Add(oc.Initializer, roots);
                return;
            case IObjectOrCollectionInitializerOperation init:
                foreach (var i in init.Initializers)
                {
                    switch (i)
                    {
                        case ISimpleAssignmentOperation sa:
                            Add(sa.Value, roots);
                            break;
                        case IInvocationOperation add:
                            foreach (var a in add.Arguments)
                            {
                                Add(a.Value, roots);
                            }

                            break;
                        default:
                            Add(i, roots);
                            break;
                    }
                }

                return;
            default:
                foreach (var child in op.ChildOperations)
                {
                    Add(child, roots);
                }

                return;
        }
    }

    private static void AddCall(IMethodSymbol method, IOperation? instance, IEnumerable<IArgumentOperation> arguments, HashSet<ISymbol> roots)
    {
        // A BCL copy (ToList, new List<T>(xs), GetRange) shares state with its source only through the elements.
        var copying = (method.MethodKind == MethodKind.Constructor || s_copyingMethods.Contains(method.Name))
            && KnownNonMutating.IsArgumentNonMutating(method, null);
        if (instance is not null)
        {
            var copiesInstance = s_copyingMethods.Contains(method.Name) && KnownNonMutating.IsNonMutating(method, instance.Type);
            if (!copiesInstance || instance.Type is not { } it || KnownNonMutating.MayShareElements(it))
            {
                Add(instance, roots);
            }
        }

        foreach (var a in arguments)
        {
            if (a.Parameter?.RefKind is RefKind.Out)
            {
                continue;
            }

            // The declared parameter type decides: new KeyValuePair<K, List<int>>(k, list) stores list itself.
            var declared = a.Parameter is { } p && p.Ordinal < method.OriginalDefinition.Parameters.Length
                ? method.OriginalDefinition.Parameters[p.Ordinal].Type
                : null;
            if (!copying || declared is null || !IsSequence(declared) || a.Value.Type is not { } at || KnownNonMutating.MayShareElements(at))
            {
                Add(a.Value, roots);
            }
        }
    }

    private static bool IsSequence(ITypeSymbol type)
    {
        if (type.SpecialType == SpecialType.System_String)
        {
            return false;
        }

        if (type is IArrayTypeSymbol || type.SpecialType == SpecialType.System_Collections_IEnumerable
            || type.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T)
        {
            return true;
        }

        foreach (var i in type.AllInterfaces)
        {
            if (i.SpecialType == SpecialType.System_Collections_IEnumerable)
            {
                return true;
            }
        }

        return false;
    }
}
