using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace Serverless.Splitting.Analysis;

/// <summary>
/// THE list of BCL members known not to mutate their receiver (<see cref="IsNonMutating"/>) or their arguments
/// (<see cref="IsArgumentNonMutating"/>). A call <c>v.M(…)</c> on a receiver rooted at a local or parameter
/// <c>v</c>, or a call <c>F(v)</c> passing a value of a mutable type, is a write of <c>v</c> unless this list (or a
/// summary of the callee's body, <see cref="CallSummaries"/>) says otherwise (docs/splitting.md lists the same rules).
/// </summary>
internal static class KnownNonMutating
{
    /// <summary>Methods of <see cref="object"/> that never mutate (by name, any overload, any type).</summary>
    private static readonly HashSet<string> s_objectMembers = new(StringComparer.Ordinal)
    {
        "ToString", "GetHashCode", "Equals", "GetType",
    };

    /// <summary>
    /// Read-only methods of common mutable BCL types, keyed by the type's metadata name (original definition,
    /// namespace-qualified, with arity suffix).
    /// </summary>
    private static readonly Dictionary<string, HashSet<string>> s_readOnlyMethods = new(StringComparer.Ordinal)
    {
        ["System.Collections.Generic.List`1"] = Set("Contains", "IndexOf", "LastIndexOf", "Find", "FindAll", "FindIndex", "FindLast", "FindLastIndex", "Exists", "TrueForAll", "GetRange", "ToArray", "BinarySearch", "ConvertAll", "GetEnumerator", "CopyTo", "Slice"),
        ["System.Collections.Generic.Dictionary`2"] = Set("ContainsKey", "ContainsValue", "TryGetValue", "GetEnumerator", "GetAlternateLookup"),
        ["System.Collections.Generic.HashSet`1"] = Set("Contains", "IsSubsetOf", "IsSupersetOf", "IsProperSubsetOf", "IsProperSupersetOf", "Overlaps", "SetEquals", "TryGetValue", "GetEnumerator", "CopyTo"),
        ["System.Collections.Generic.SortedSet`1"] = Set("Contains", "IsSubsetOf", "IsSupersetOf", "Overlaps", "SetEquals", "GetViewBetween", "GetEnumerator", "CopyTo", "Reverse"),
        ["System.Collections.Generic.SortedDictionary`2"] = Set("ContainsKey", "ContainsValue", "TryGetValue", "GetEnumerator"),
        ["System.Collections.Generic.Queue`1"] = Set("Contains", "Peek", "TryPeek", "ToArray", "GetEnumerator", "CopyTo"),
        ["System.Collections.Generic.Stack`1"] = Set("Contains", "Peek", "TryPeek", "ToArray", "GetEnumerator", "CopyTo"),
        ["System.Collections.Generic.LinkedList`1"] = Set("Contains", "Find", "FindLast", "GetEnumerator", "CopyTo"),
        ["System.Collections.Generic.IEnumerable`1"] = Set("GetEnumerator"),
        ["System.Collections.Generic.ICollection`1"] = Set("Contains", "CopyTo"),
        ["System.Collections.Generic.IList`1"] = Set("IndexOf"),
        ["System.Collections.Generic.IReadOnlyDictionary`2"] = Set("ContainsKey", "TryGetValue"),
        ["System.Collections.Generic.IDictionary`2"] = Set("ContainsKey", "TryGetValue"),
        ["System.Collections.Generic.IReadOnlySet`1"] = Set("Contains", "IsSubsetOf", "IsSupersetOf", "IsProperSubsetOf", "IsProperSupersetOf", "Overlaps", "SetEquals"),
        ["System.Collections.Generic.ISet`1"] = Set("Contains", "IsSubsetOf", "IsSupersetOf", "IsProperSubsetOf", "IsProperSupersetOf", "Overlaps", "SetEquals"),
        ["System.Collections.IEnumerable"] = Set("GetEnumerator"),
        ["System.Array"] = Set("Clone", "GetLength", "GetLongLength", "GetLowerBound", "GetUpperBound", "GetValue", "GetEnumerator", "CopyTo"),
        ["System.Text.StringBuilder"] = Set("ToString", "Equals", "CopyTo", "GetChunks"),
        ["System.Uri"] = Set("GetComponents", "GetLeftPart", "IsBaseOf", "MakeRelativeUri"),
        ["System.Version"] = Set("CompareTo", "ToString"),
        ["System.Text.RegularExpressions.Regex"] = Set("IsMatch", "Match", "Matches", "Replace", "Split", "EnumerateMatches", "GetGroupNames", "GetGroupNumbers"),
        ["System.Text.Json.JsonElement"] = Set("GetProperty", "TryGetProperty", "GetString", "GetInt32", "GetInt64", "GetDouble", "GetDecimal", "GetBoolean", "EnumerateArray", "EnumerateObject", "GetArrayLength", "GetRawText", "Clone"),
    };

    /// <summary>
    /// Types none of whose methods or constructors mutate their arguments (beyond <c>out</c>/<c>ref</c>), by metadata
    /// name: LINQ, math and conversion helpers, console output, JSON serialisation, tasks, tuples.
    /// </summary>
    private static readonly HashSet<string> s_argumentReadingTypes = new(StringComparer.Ordinal)
    {
        "System.Linq.Enumerable", "System.Linq.Queryable", "System.Linq.ImmutableArrayExtensions", "System.Math",
        "System.MathF", "System.Convert", "System.Console", "System.Object", "System.Diagnostics.Debug",
        "System.Diagnostics.Trace", "System.Text.Json.JsonSerializer", "System.Threading.Tasks.Task",
        "System.Threading.Tasks.Task`1", "System.Threading.Tasks.ValueTask", "System.Tuple", "System.ValueTuple",
        "System.Collections.Generic.KeyValuePair", "System.Collections.Generic.KeyValuePair`2",
        "System.Collections.Generic.EqualityComparer`1", "System.Collections.Generic.Comparer`1",
        "System.StringComparer", "System.HashCode", "System.ArgumentNullException", "System.ArgumentException",
        "System.ArgumentOutOfRangeException", "System.Exception", "System.InvalidOperationException",
        "System.NotSupportedException", "System.Text.Encoding", "System.IO.File", "System.IO.Path",
    };

    /// <summary>Static members of a type that read their arguments only, by metadata name of the type.</summary>
    private static readonly Dictionary<string, HashSet<string>> s_argumentReadingMethods = new(StringComparer.Ordinal)
    {
        ["System.Array"] = Set("IndexOf", "LastIndexOf", "BinarySearch", "Exists", "Find", "FindAll", "FindIndex", "FindLast", "FindLastIndex", "TrueForAll", "ConvertAll", "AsReadOnly", "Empty", "GetValue"),
        ["System.Collections.Generic.CollectionExtensions"] = Set("GetValueOrDefault", "AsReadOnly"),
    };

    /// <summary>Individual parameters known to be read only, as "type metadata name.method:parameter".</summary>
    private static readonly HashSet<string> s_readParameters = new(StringComparer.Ordinal)
    {
        "System.Array.Copy:sourceArray", "System.Array.ConstrainedCopy:sourceArray", "System.Buffer.BlockCopy:src",
    };

    /// <summary>Namespaces whose types' methods and constructors store or compare their arguments, never mutate them
    /// (except <c>CopyTo</c>/<c>TryCopyTo</c>, which fill the array they are given).</summary>
    private static readonly string[][] s_collectionNamespaces =
    [
        ["System", "Collections", "Generic"], ["System", "Collections", "Immutable"], ["System", "Collections", "ObjectModel"],
        ["System", "Collections", "Concurrent"],
    ];

    /// <summary>BCL calls (when known not to mutate) whose result is a new object holding the source's elements.</summary>
    private static readonly HashSet<string> s_copyingMethods = new(StringComparer.Ordinal)
    {
        "ToList", "ToArray", "ToHashSet", "ToDictionary", "ToLookup", "ToImmutableArray", "ToImmutableList",
        "ToImmutableDictionary", "ToImmutableHashSet", "ToImmutableSortedDictionary", "ToImmutableSortedSet",
        "ToFrozenDictionary", "ToFrozenSet", "GetRange", "ConvertAll", "Clone", "ToString", "CopyOf",
    };

    /// <summary>A BCL call whose result is a copy: it shares state with its source only through the elements.</summary>
    public static bool IsCopyingMethod(IMethodSymbol method) => s_copyingMethods.Contains(method.Name) && method.DeclaringSyntaxReferences.IsEmpty;

    /// <summary>Array statics and <c>CopyTo</c>: they copy or move elements between their arguments, never store the arguments.</summary>
    public static bool MovesElementsOnly(IMethodSymbol method) =>
        method.DeclaringSyntaxReferences.IsEmpty
        && (method.Name is "CopyTo" or "TryCopyTo" || (method.ContainingType is { } t && MetadataName(t) == "System.Array"));

    /// <summary>
    /// True when <paramref name="method"/> is known (from this list) not to change the object passed as
    /// <paramref name="parameter"/> (by value or <c>in</c>). Delegate invocations are never known: the delegate's
    /// body is not.
    /// </summary>
    public static bool IsArgumentNonMutating(IMethodSymbol method, IParameterSymbol? parameter)
    {
        var container = method.ContainingType;
        if (container is null || container.TypeKind == TypeKind.Delegate)
        {
            return false;
        }

        if (HasPureAttribute(method) || (method.OriginalDefinition is { } od && !SymbolEqualityComparer.Default.Equals(od, method) && HasPureAttribute(od)))
        {
            return true;
        }

        var name = MetadataName(container);
        if (parameter is not null && s_readParameters.Contains(name + "." + method.Name + ":" + parameter.Name))
        {
            return true;
        }

        // BCL immutable types (string.Join/Concat/Format, int.Parse, ImmutableList.Add, ...); not user readonly structs.
        if (s_argumentReadingTypes.Contains(name) || (container.SpecialType != SpecialType.None && IsImmutableType(container)) || s_immutableTypes.Contains(name)
            || IsInNamespace(container, s_immutableNamespace) || (container.ContainingType is { } c && IsInNamespace(c, s_immutableNamespace)))
        {
            return true;
        }

        if (s_argumentReadingMethods.TryGetValue(name, out var names) && names.Contains(method.Name))
        {
            return true;
        }

        if (method.Name is "CopyTo" or "TryCopyTo" || name == "System.Collections.Generic.LinkedList`1")
        {
            return false;
        }

        foreach (var ns in s_collectionNamespaces)
        {
            if (IsInNamespace(container, ns) || (container.ContainingType is { } outer && IsInNamespace(outer, ns)))
            {
                return name != "System.Collections.Generic.CollectionExtensions";
            }
        }

        return name == "System.Text.StringBuilder";
    }

    /// <summary>
    /// True when a callee given a value of <paramref name="type"/> (passed by value, or by <c>in</c>/<c>ref readonly</c>
    /// when <paramref name="byReadOnlyReference"/>) could change state the caller sees: a reference type that is not
    /// immutable, a type parameter, a non-readonly struct passed by reference, or a struct holding such references.
    /// </summary>
    public static bool CanBeMutatedThrough(ITypeSymbol? type, bool byReadOnlyReference) =>
        type is not null && (byReadOnlyReference ? !IsImmutableType(type) : MayShareState(type, 0));

    /// <summary>True when the elements of a collection of <paramref name="type"/> may share mutable state (a shallow copy
    /// of it shares them).</summary>
    public static bool MayShareElements(ITypeSymbol type)
    {
        if (type is IArrayTypeSymbol array)
        {
            return MayShareState(array.ElementType, 1);
        }

        if (type is INamedTypeSymbol { IsGenericType: true } named)
        {
            foreach (var t in named.TypeArguments)
            {
                if (MayShareState(t, 1))
                {
                    return true;
                }
            }

            return false;
        }

        return true;
    }

    /// <summary>True when a copy of a value of <paramref name="type"/> may still share mutable state with the original.</summary>
    public static bool MayShareState(ITypeSymbol type, int depth)
    {
        if (IsImmutableType(type))
        {
            return false;
        }

        if (type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer)
        {
            return false;
        }

        if (!type.IsValueType || type.TypeKind == TypeKind.TypeParameter || depth > 4)
        {
            return true;
        }

        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable && nullable.TypeArguments.Length == 1)
        {
            return MayShareState(nullable.TypeArguments[0], depth + 1);
        }

        foreach (var member in type.GetMembers())
        {
            if (member is IFieldSymbol { IsStatic: false } f && MayShareState(f.Type, depth + 1))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The namespace whose types are immutable: calls on them never mutate.</summary>
    private static readonly string[] s_immutableNamespace = ["System", "Collections", "Immutable"];

    /// <summary>Immutable types beyond the special (primitive) types, by metadata name.</summary>
    private static readonly HashSet<string> s_immutableTypes = new(StringComparer.Ordinal)
    {
        "System.DateTime", "System.DateTimeOffset", "System.TimeSpan", "System.Guid", "System.DateOnly",
        "System.TimeOnly", "System.Decimal", "System.String", "System.Uri", "System.Version", "System.Numerics.BigInteger",
        "System.Half", "System.Int128", "System.UInt128", "System.Index", "System.Range",
    };

    private static readonly ConditionalWeakTable<INamedTypeSymbol, StrongBox<bool>> s_immutableClasses = new();

    private static HashSet<string> Set(params string[] names) => new(names, StringComparer.Ordinal);

    /// <summary>True when calling <paramref name="method"/> on a receiver of type <paramref name="receiverType"/> cannot change it.</summary>
    public static bool IsNonMutating(IMethodSymbol method, ITypeSymbol? receiverType)
    {
        if (s_objectMembers.Contains(method.Name))
        {
            return true;
        }

        if (method.MethodKind is MethodKind.PropertyGet)
        {
            return true;
        }

        if (receiverType is not null && IsImmutableType(receiverType))
        {
            return true;
        }

        var container = method.ContainingType;
        if (container is not null && IsImmutableType(container))
        {
            return true;
        }

        if (HasPureAttribute(method) || (method.OriginalDefinition is { } od && !SymbolEqualityComparer.Default.Equals(od, method) && HasPureAttribute(od)))
        {
            return true;
        }

        if (container is not null && s_readOnlyMethods.TryGetValue(MetadataName(container), out var names) && names.Contains(method.Name))
        {
            return true;
        }

        // An explicit interface implementation or override of a listed member (e.g. IList<T>.IndexOf on an array).
        foreach (var implemented in method.ExplicitInterfaceImplementations)
        {
            if (s_readOnlyMethods.TryGetValue(MetadataName(implemented.ContainingType), out var n) && n.Contains(implemented.Name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>bool, char, the whole-number types, decimal, string and DateTime: immutable, and carried between units
    /// exactly (the fidelity rule); floating-point and native-sized types are decided by each caller.</summary>
    public static bool IsScalar(SpecialType type) => type is
        SpecialType.System_Boolean or SpecialType.System_Char or
        SpecialType.System_SByte or SpecialType.System_Byte or SpecialType.System_Int16 or SpecialType.System_UInt16 or
        SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Int64 or SpecialType.System_UInt64 or
        SpecialType.System_Decimal or SpecialType.System_String or SpecialType.System_DateTime;

    /// <summary>Primitives, string, enums, delegates, decimal, date/time types, Guid, System.Collections.Immutable, readonly structs.</summary>
    public static bool IsImmutableType(ITypeSymbol type) => IsImmutableType(type, 0);

    private static bool IsImmutableType(ITypeSymbol type, int depth)
    {
        if (IsScalar(type.SpecialType))
        {
            return true;
        }

        switch (type.SpecialType)
        {
            case SpecialType.System_Single:
            case SpecialType.System_Double:
            case SpecialType.System_IntPtr:
            case SpecialType.System_UIntPtr:
            case SpecialType.System_Enum:
                return true;
            default:
                break;
        }

        if (type.TypeKind is TypeKind.Enum or TypeKind.Delegate)
        {
            return true;
        }

        if (type is INamedTypeSymbol named)
        {
            if (named.IsValueType && named.IsReadOnly)
            {
                return true;
            }

            if (s_immutableTypes.Contains(MetadataName(named)))
            {
                return true;
            }

            if (IsInNamespace(named, s_immutableNamespace))
            {
                return true;
            }

            // Nullable<T> of an immutable T (int?, DateTime?): GetValueOrDefault and friends.
            if (named.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T && named.TypeArguments.Length == 1)
            {
                return IsImmutableType(named.TypeArguments[0], depth);
            }

            // A sealed class or a record declared in source whose every instance field (init-only properties
            // included) is readonly and of an immutable type: record Person(string Name, int Age).
            if (named.TypeKind == TypeKind.Class && (named.IsSealed || named.IsRecord) && !named.IsAbstract)
            {
                if (depth == 0)
                {
                    // Asked for every operation the alias walk visits: remember the answer per type symbol.
                    return s_immutableClasses.GetValue(named, t => new StrongBox<bool>(HasOnlyImmutableFields(t, 0))).Value;
                }

                return HasOnlyImmutableFields(named, depth);
            }
        }

        return false;
    }

    private static bool HasOnlyImmutableFields(INamedTypeSymbol type, int depth)
    {
        if (depth >= 3)
        {
            return false;
        }

        for (var t = type; t is not null && t.SpecialType != SpecialType.System_Object; t = t.BaseType)
        {
            if (t.DeclaringSyntaxReferences.IsEmpty)
            {
                return false;
            }

            foreach (var member in t.GetMembers())
            {
                if (member is IFieldSymbol { IsStatic: false } f && (!f.IsReadOnly || !IsImmutableType(f.Type, depth + 1)))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static bool HasPureAttribute(IMethodSymbol method)
    {
        foreach (var a in method.GetAttributes())
        {
            if (a.AttributeClass is { Name: "PureAttribute" } c && IsInNamespace(c, "System", "Diagnostics", "Contracts"))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when <paramref name="type"/> is declared directly in the namespace given by its parts.</summary>
    internal static bool IsInNamespace(ITypeSymbol type, params string[] parts)
    {
        if (type.ContainingType is not null)
        {
            return false;
        }

        var ns = type.ContainingNamespace;
        for (var i = parts.Length - 1; i >= 0; i--)
        {
            if (ns is null || ns.IsGlobalNamespace || ns.Name != parts[i])
            {
                return false;
            }

            ns = ns.ContainingNamespace;
        }

        return ns is not null && ns.IsGlobalNamespace;
    }

    internal static string MetadataName(INamedTypeSymbol type)
    {
        var t = type.OriginalDefinition;
        var ns = t.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() + "." : string.Empty;
        var outer = t.ContainingType is { } ct ? MetadataName(ct) + "+" : ns;
        return outer + t.MetadataName;
    }
}
