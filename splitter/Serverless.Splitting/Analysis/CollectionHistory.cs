using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Serverless.Splitting.Analysis;

/// <summary>
/// The part of the fidelity rule that depends on the method's code, not only on a type: a keyed collection arrives
/// from JSON rebuilt with the default comparer and with its entries added in enumeration order. So a crossing value
/// of (or containing) a collection type is refused when the method builds that type with a comparer other than the
/// default (<c>new Dictionary&lt;string, int&gt;(StringComparer.OrdinalIgnoreCase)</c>,
/// <c>new SortedSet&lt;string&gt;(StringComparer.Ordinal)</c>, <c>ToHashSet(comparer)</c>), or when it removes from a
/// hash collection of that type (<c>Dictionary</c>, <c>HashSet</c>: <c>Remove</c>, <c>RemoveWhere</c>,
/// <c>ExceptWith</c>, ..., or passes one to a method of the user's code that may change it), after which later
/// additions go into the freed slots and the original and the copy enumerate in different orders. Comparers equal to
/// the default are allowed: <c>StringComparer.Ordinal</c> and <c>EqualityComparer&lt;T&gt;.Default</c> for hash
/// collections, <c>Comparer&lt;T&gt;.Default</c> for sorted ones, <c>null</c>. What the method cannot see (a
/// collection built by another method) is left to the run-time guard.
/// </summary>
internal sealed class CollectionHistory
{
    private static readonly HashSet<string> s_hashed = new(StringComparer.Ordinal)
    {
        "System.Collections.Generic.Dictionary`2", "System.Collections.Generic.HashSet`1",
    };

    private static readonly HashSet<string> s_keyed = new(StringComparer.Ordinal)
    {
        "System.Collections.Generic.Dictionary`2", "System.Collections.Generic.HashSet`1",
        "System.Collections.Generic.SortedDictionary`2", "System.Collections.Generic.SortedSet`1", "System.Collections.Generic.SortedList`2",
        "System.Collections.Immutable.ImmutableDictionary`2", "System.Collections.Immutable.ImmutableHashSet`1",
        "System.Collections.Immutable.ImmutableSortedDictionary`2", "System.Collections.Immutable.ImmutableSortedSet`1",
    };

    private static readonly HashSet<string> s_removing = new(StringComparer.Ordinal)
    {
        "Remove", "RemoveWhere", "ExceptWith", "IntersectWith", "SymmetricExceptWith",
    };

    private readonly Dictionary<ITypeSymbol, string> _problems = new(SymbolEqualityComparer.Default);

    private CollectionHistory()
    {
    }

    /// <summary>Scans the method's statements (lambdas and local functions included).</summary>
    public static CollectionHistory Of(IEnumerable<IOperation?> statements, MethodContext ctx)
    {
        var history = new CollectionHistory();
        foreach (var statement in statements)
        {
            if (statement is null)
            {
                continue;
            }

            foreach (var op in statement.DescendantsAndSelf())
            {
                history.Visit(op, ctx);
            }
        }

        return history;
    }

    /// <summary>Why a value of <paramref name="type"/> would not arrive intact given what the method does, or null.</summary>
    public string? Check(ITypeSymbol type)
    {
        if (_problems.Count == 0)
        {
            return null;
        }

        var seen = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
        return Find(type, seen, 0);
    }

    private string? Find(ITypeSymbol type, HashSet<ITypeSymbol> seen, int depth)
    {
        if (depth > 8 || !seen.Add(type))
        {
            return null;
        }

        if (_problems.TryGetValue(type, out var reason))
        {
            return reason;
        }

        switch (type)
        {
            case IArrayTypeSymbol a:
                return Find(a.ElementType, seen, depth + 1);
            case INamedTypeSymbol n:
                foreach (var arg in n.TypeArguments)
                {
                    if (Find(arg, seen, depth + 1) is { } r)
                    {
                        return r;
                    }
                }

                if (n.Locations.Length > 0 && n.Locations[0].IsInSource)
                {
                    foreach (var m in n.GetMembers())
                    {
                        var memberType = m switch
                        {
                            IPropertySymbol { IsStatic: false } p => p.Type,
                            IFieldSymbol { IsStatic: false } f => f.Type,
                            _ => null,
                        };

                        if (memberType is not null && Find(memberType, seen, depth + 1) is { } r)
                        {
                            return r;
                        }
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private void Visit(IOperation op, MethodContext ctx)
    {
        switch (op)
        {
            case IObjectCreationOperation { Type: INamedTypeSymbol created } oc when IsKeyed(created):
                CheckComparers(created, oc.Arguments, op, ctx);
                break;
            case IInvocationOperation inv:
                if (inv.Type is INamedTypeSymbol result && IsKeyed(result))
                {
                    CheckComparers(result, inv.Arguments, op, ctx);
                }

                if (inv.Instance?.Type is INamedTypeSymbol receiver && IsHashed(receiver) && s_removing.Contains(inv.TargetMethod.Name))
                {
                    Add(receiver, "the method removes from it (line " + ctx.Line(op.Syntax) + ": " + inv.TargetMethod.Name + "), and a copy rebuilt from JSON would place later additions elsewhere, so it would enumerate in another order; keep the collection within one top-level statement, or carry it as a List<T> or array");
                }

                foreach (var a in inv.Arguments)
                {
                    if (a.Value.Type is INamedTypeSymbol passed && IsHashed(passed) && InSource(inv.TargetMethod)
                        && ctx.Summaries.MayMutateArgument(inv.TargetMethod, a.Parameter))
                    {
                        Add(passed, "it is passed to " + inv.TargetMethod.Name + " (line " + ctx.Line(op.Syntax) + "), which may remove from it, and a copy rebuilt from JSON would place later additions elsewhere; keep the collection within one top-level statement, or carry it as a List<T> or array");
                    }
                }

                break;
            default:
                break;
        }
    }

    private void CheckComparers(INamedTypeSymbol collection, IEnumerable<IArgumentOperation> arguments, IOperation at, MethodContext ctx)
    {
        foreach (var a in arguments)
        {
            if (a.ArgumentKind == ArgumentKind.DefaultValue || a.Parameter?.Type is not INamedTypeSymbol p
                || KnownNonMutating.MetadataName(p) is not ("System.Collections.Generic.IEqualityComparer`1" or "System.Collections.Generic.IComparer`1"))
            {
                continue;
            }

            if (!IsDefaultComparer(a.Value, collection))
            {
                Add(collection, "it is built with the comparer " + a.Value.Syntax + " (line " + ctx.Line(at.Syntax) + "), which the serializer does not carry: the copy in another unit would compare with the default comparer; keep the collection within one top-level statement, carry a List<T> or array, or normalise the keys (e.g. ToLowerInvariant) and use the default comparer");
            }
        }
    }

    private static bool IsDefaultComparer(IOperation value, INamedTypeSymbol collection)
    {
        while (value is IConversionOperation c)
        {
            value = c.Operand;
        }

        if (value.ConstantValue is { HasValue: true, Value: null } || value is IDefaultValueOperation)
        {
            return true;
        }

        if (value is not IPropertyReferenceOperation { Property.IsStatic: true } p || p.Property.ContainingType is not { } owner)
        {
            return false;
        }

        var ownerName = KnownNonMutating.MetadataName(owner);
        return IsHashed(collection)
            ? (ownerName == "System.StringComparer" && p.Property.Name == "Ordinal")
                || (ownerName == "System.Collections.Generic.EqualityComparer`1" && p.Property.Name == "Default")
            : ownerName == "System.Collections.Generic.Comparer`1" && p.Property.Name == "Default";
    }

    private void Add(ITypeSymbol type, string reason)
    {
        if (!_problems.ContainsKey(type))
        {
            _problems[type] = reason;
        }
    }

    private static bool IsKeyed(INamedTypeSymbol type) => s_keyed.Contains(KnownNonMutating.MetadataName(type));

    private static bool IsHashed(INamedTypeSymbol type) => s_hashed.Contains(KnownNonMutating.MetadataName(type));

    private static bool InSource(IMethodSymbol method)
    {
        foreach (var l in method.OriginalDefinition.Locations)
        {
            if (l.IsInSource)
            {
                return true;
            }
        }

        return false;
    }
}
