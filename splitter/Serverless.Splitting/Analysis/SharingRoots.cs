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
/// share only when their elements can. <c>this</c> is rooted at the containing type's symbol, a static field or
/// property of the user's code at its own symbol.
/// </summary>
internal static class SharingRoots
{
    /// <summary>How a value relates to a root: the same object, a part of it, an object holding it, or sharing parts with it.</summary>
    public enum Share
    {
        Same,
        Part,
        Container,
        Sibling,
    }

    /// <summary>The roots of <paramref name="op"/>, whatever the relation.</summary>
    public static void Add(IOperation? op, HashSet<ISymbol> roots)
    {
        var list = new List<(ISymbol Root, Share Relation)>();
        Collect(op, Share.Same, list);
        foreach (var (root, _) in list)
        {
            roots.Add(root);
        }
    }

    /// <summary>The roots of <paramref name="op"/> with the value's relation to each (<paramref name="rel"/> so far).</summary>
    public static void Collect(IOperation? op, Share rel, List<(ISymbol Root, Share Relation)> roots)
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
                roots.Add((l.Local, rel));
                return;
            case IParameterReferenceOperation p:
                roots.Add((p.Parameter, rel));
                return;
            case IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance } i when i.Type is not null:
                roots.Add((i.Type, rel));
                return;
            case IFieldReferenceOperation { Instance: null } or IPropertyReferenceOperation { Instance: null } when SharedState.StaticMember(op) is { } member:
                // A static field's or property's object is state outside the method: the member itself is the root.
                roots.Add((member, rel));
                return;
            case IFieldReferenceOperation f:
                Collect(f.Instance, Member(rel), roots);
                return;
            case IPropertyReferenceOperation pr:
                Collect(pr.Instance, Member(rel), roots);
                return;
            case IArrayElementReferenceOperation ae:
                Collect(ae.ArrayReference, Member(rel), roots);
                return;
            case IImplicitIndexerReferenceOperation ii:
                Collect(ii.Instance, Member(rel), roots);
                return;
            case IConversionOperation c:
                Collect(c.Operand, rel, roots);
                return;
            case IConditionalOperation c:
                Collect(c.WhenTrue, rel, roots);
                Collect(c.WhenFalse, rel, roots);
                return;
            case ICoalesceOperation co:
                Collect(co.Value, rel, roots);
                Collect(co.WhenNull, rel, roots);
                return;
            case IConditionalAccessOperation ca:
                Collect(ca.Operation, Share.Same, roots);
                Collect(ca.WhenNotNull, Share.Same, roots);
                return;
            case IConditionalAccessInstanceOperation:
                return;
            case ISwitchExpressionOperation se:
                foreach (var arm in se.Arms)
                {
                    Collect(arm.Value, rel, roots);
                }

                return;
            case ISimpleAssignmentOperation a:
                Collect(a.Value, rel, roots);
                Collect(a.Target, rel, roots);
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
                foreach (var a in oc.Arguments)
                {
                    if (a.Parameter?.RefKind is not RefKind.Out)
                    {
                        var copies = oc.Constructor is { } ctor && IsCopy(ctor, a);
                        Collect(a.Value, copies ? Share.Sibling : Holds(rel), roots, elementsOnly: copies);
                    }
                }

                Collect(oc.Initializer, Holds(rel), roots);
                return;
            case IObjectOrCollectionInitializerOperation init:
                foreach (var i in init.Initializers)
                {
                    switch (i)
                    {
                        case ISimpleAssignmentOperation sa:
                            Collect(sa.Value, rel, roots);
                            break;
                        case IInvocationOperation add:
                            foreach (var a in add.Arguments)
                            {
                                Collect(a.Value, rel, roots);
                            }

                            break;
                        default:
                            Collect(i, rel, roots);
                            break;
                    }
                }

                return;
            case IArrayCreationOperation:
            case ITupleOperation:
            case ICollectionExpressionOperation:
            case IAnonymousObjectCreationOperation:
            case IArrayInitializerOperation:
                foreach (var child in op.ChildOperations)
                {
                    Collect(child, Holds(rel), roots);
                }

                return;
            default:
                foreach (var child in op.ChildOperations)
                {
                    Collect(child, Share.Same, roots);
                }

                return;
        }
    }

    private static void Collect(IOperation? op, Share rel, List<(ISymbol Root, Share Relation)> roots, bool elementsOnly)
    {
        if (!elementsOnly || (op?.Type is { } t && KnownNonMutating.MayShareElements(t)) || op?.Type is null)
        {
            Collect(op, rel, roots);
        }
    }

    /// <summary>A member or element of a value with relation <paramref name="rel"/> to the root.</summary>
    private static Share Member(Share rel) => rel is Share.Same or Share.Part ? Share.Part : Share.Same;

    /// <summary>A new object holding a value with relation <paramref name="rel"/> to the root.</summary>
    private static Share Holds(Share rel) => rel is Share.Same or Share.Container ? Share.Container : Share.Same;

    private static bool IsCopy(IMethodSymbol method, IArgumentOperation a)
    {
        if (!KnownNonMutating.IsArgumentNonMutating(method, null))
        {
            return false;
        }

        // The declared parameter type decides: new KeyValuePair<K, List<int>>(k, list) stores list itself.
        var declared = a.Parameter is { } p && p.Ordinal < method.OriginalDefinition.Parameters.Length
            ? method.OriginalDefinition.Parameters[p.Ordinal].Type
            : null;
        return declared is not null && IsSequence(declared);
    }

    private static void AddCall(IMethodSymbol method, IOperation? instance, IEnumerable<IArgumentOperation> arguments, List<(ISymbol Root, Share Relation)> roots)
    {
        // A BCL copy (ToList, GetRange) shares state with its source only through the elements; any other call may
        // return its receiver or an argument itself.
        var copying = KnownNonMutating.IsCopyingMethod(method);
        if (instance is not null)
        {
            var copiesInstance = copying && KnownNonMutating.IsNonMutating(method, instance.Type);
            Collect(instance, copiesInstance ? Share.Sibling : Share.Same, roots, elementsOnly: copiesInstance);
        }

        foreach (var a in arguments)
        {
            if (a.Parameter?.RefKind is RefKind.Out)
            {
                continue;
            }

            var copies = copying && IsCopy(method, a);
            Collect(a.Value, copies ? Share.Sibling : Share.Same, roots, elementsOnly: copies);
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
