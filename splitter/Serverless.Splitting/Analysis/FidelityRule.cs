using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Serverless.Splitting.Analysis;

/// <summary>
/// THE fidelity rule (docs/splitting.md, "Fidelity"): whether the units' serializer (<c>SplitJson</c>) carries a value
/// of a static type to another unit so that it arrives equal to what was sent, checked recursively through members.
/// Mirrors exactly what System.Text.Json does with the units' options (public properties and public fields, the
/// constructor it picks, the collections it supports, our BigInteger and Stack converters).
/// </summary>
internal static class FidelityRule
{
    private const string Advice = "keep the value within one top-level statement, or convert it to a carried type (string, number, array, List<T>, Dictionary<K,V>, a record) before the statement ends";

    /// <summary>Scalar framework types System.Text.Json (or a converter of ours) writes and reads back exactly.</summary>
    private static readonly HashSet<string> s_scalars = new(StringComparer.Ordinal)
    {
        "System.DateTimeOffset", "System.TimeSpan", "System.Guid", "System.DateOnly", "System.TimeOnly", "System.Half",
        "System.Int128", "System.UInt128", "System.Uri", "System.Version", "System.Numerics.BigInteger",
    };

    /// <summary>Generic sequences carried in their enumeration order (Stack through a converter of ours).</summary>
    private static readonly HashSet<string> s_sequences = new(StringComparer.Ordinal)
    {
        "System.Collections.Generic.List`1", "System.Collections.Generic.HashSet`1", "System.Collections.Generic.Queue`1",
        "System.Collections.Generic.Stack`1", "System.Collections.Generic.SortedSet`1", "System.Collections.Generic.LinkedList`1",
        "System.Collections.Immutable.ImmutableArray`1", "System.Collections.Immutable.ImmutableList`1",
        "System.Collections.Immutable.ImmutableHashSet`1", "System.Collections.Immutable.ImmutableSortedSet`1",
        "System.Collections.Immutable.ImmutableQueue`1",
    };

    /// <summary>Generic dictionaries (keys must be <see cref="IsKey"/>).</summary>
    private static readonly HashSet<string> s_maps = new(StringComparer.Ordinal)
    {
        "System.Collections.Generic.Dictionary`2", "System.Collections.Generic.SortedDictionary`2", "System.Collections.Generic.SortedList`2",
        "System.Collections.Immutable.ImmutableDictionary`2", "System.Collections.Immutable.ImmutableSortedDictionary`2",
    };

    /// <summary>Advice for framework types people often carry by mistake.</summary>
    private static readonly Dictionary<string, string> s_specificAdvice = new(StringComparer.Ordinal)
    {
        ["System.Text.StringBuilder"] = "finish it in the statement that builds it and carry the string (sb.ToString()), or build the whole text in one top-level statement",
        ["System.Collections.Immutable.ImmutableStack`1"] = "carry an array or List<T> instead (the serializer would reverse the stack)",
        ["System.Random"] = "create it in the statement that uses it, or carry a seed",
        ["System.Text.RegularExpressions.Regex"] = "carry the pattern string and create the Regex where it is used",
    };

    /// <summary>Why a value of <paramref name="type"/> cannot be carried faithfully (with what to do), or null when it can.</summary>
    public static string? Check(ITypeSymbol type)
    {
        var checker = new Checker();
        return checker.Check(type, null);
    }

    /// <summary>Dictionary key types System.Text.Json writes as property names and reads back.</summary>
    private static bool IsKey(ITypeSymbol type)
    {
        if (type.TypeKind == TypeKind.Enum)
        {
            return true;
        }

        return KnownNonMutating.IsScalar(type.SpecialType)
            || (type is INamedTypeSymbol n && KnownNonMutating.MetadataName(n) is "System.Guid" or "System.DateTimeOffset");
    }

    private static bool IsFramework(ITypeSymbol type)
    {
        var ns = type.ContainingNamespace;
        while (ns is { IsGlobalNamespace: false, ContainingNamespace.IsGlobalNamespace: false })
        {
            ns = ns.ContainingNamespace;
        }

        return ns is { IsGlobalNamespace: false, Name: "System" or "Microsoft" };
    }

    private static string Display(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat);

    private static bool HasAttribute(ISymbol symbol, string name)
        => symbol.GetAttributes().Any(a => a.AttributeClass is { } c && c.Name == name
            && c.ContainingNamespace?.ToDisplayString() == "System.Text.Json.Serialization");

    private static bool IsPublic(IMethodSymbol? accessor) => accessor is { DeclaredAccessibility: Accessibility.Public };

    private sealed class Checker
    {
        private readonly HashSet<ITypeSymbol> _visiting = new(SymbolEqualityComparer.Default);

        /// <summary>Checks <paramref name="type"/> reached through <paramref name="member"/> (null at the top).</summary>
        public string? Check(ITypeSymbol type, string? member)
        {
            var at = member is null ? Display(type) : "member " + member + " (" + Display(type) + ")";
            switch (type.TypeKind)
            {
                case TypeKind.Pointer:
                case TypeKind.FunctionPointer:
                    return at + " is a pointer; " + Advice;
                case TypeKind.Delegate:
                    return at + " is a delegate (code, not data); " + Advice;
                case TypeKind.Dynamic:
                    return at + " is dynamic: its run-time type is not known at build time, so it would arrive as a JsonElement; declare its concrete type";
                case TypeKind.TypeParameter:
                    // Generic methods never split (the generator's SPL101); their analysis does not judge T.
                    return null;
                case TypeKind.Interface:
                    return at + " is an interface: it would arrive as some other type (a List<T> for a sequence, a lazy query materialised), or not at all; declare the concrete type (T[], List<T>, Dictionary<K,V>, a record), materialising queries with ToArray() or ToList()";
                case TypeKind.Error:
                    return null;
                case TypeKind.Array:
                    var array = (IArrayTypeSymbol)type;
                    return array.Rank > 1
                        ? at + " is a multi-dimensional array, which the serializer does not write; use a jagged array (T[][])"
                        : Check(array.ElementType, (member ?? Display(type)) + "[]");
                default:
                    break;
            }

            if (type.IsRefLikeType)
            {
                return at + " is a ref struct (it lives on the stack); " + Advice;
            }

            if (type.IsAnonymousType)
            {
                return at + " is an anonymous type (it cannot be named in generated code); use a record";
            }

            switch (type.SpecialType)
            {
                case SpecialType.System_Object:
                    return at + " is object: its run-time type is not known at build time, so it would arrive as a JsonElement; declare its concrete type";
                case SpecialType.System_IntPtr:
                case SpecialType.System_UIntPtr:
                    return at + " is a native-sized integer, which the serializer does not write; use long";
                case SpecialType.System_Single:
                case SpecialType.System_Double:
                    return null;
                default:
                    if (KnownNonMutating.IsScalar(type.SpecialType))
                    {
                        return null;
                    }

                    break;
            }

            if (type.TypeKind == TypeKind.Enum)
            {
                return null;
            }

            if (type is not INamedTypeSymbol named)
            {
                return at + " is not a type the serializer can carry; " + Advice;
            }

            if (named.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T)
            {
                return Check(named.TypeArguments[0], member);
            }

            var name = KnownNonMutating.MetadataName(named);
            if (s_scalars.Contains(name))
            {
                return null;
            }

            if (NonSerializableTypes.LiveResource(named))
            {
                return at + " is a handle to a live resource (task, stream, lock, connection, enumerator, token); use it within one statement (e.g. await the task where it is created), or pass serialisable data (byte[], string, a record) instead";
            }

            if (named.IsTupleType)
            {
                foreach (var element in named.TupleElements)
                {
                    if (Check(element.Type, (member ?? Display(type)) + "." + element.Name) is { } reason)
                    {
                        return reason;
                    }
                }

                return null;
            }

            if (s_sequences.Contains(name))
            {
                return Check(named.TypeArguments[0], (member ?? Display(type)) + " element");
            }

            if (s_maps.Contains(name) || name == "System.Collections.Generic.KeyValuePair`2")
            {
                if (name != "System.Collections.Generic.KeyValuePair`2" && !IsKey(named.TypeArguments[0]))
                {
                    return at + " has keys of type " + Display(named.TypeArguments[0]) + ", which the serializer cannot write as JSON property names; key it by a string, number, enum or Guid";
                }

                return Check(named.TypeArguments[0], (member ?? Display(type)) + " key") ?? Check(named.TypeArguments[1], (member ?? Display(type)) + " value");
            }

            if (IsFramework(named))
            {
                var advice = s_specificAdvice.TryGetValue(name, out var specific) ? specific : Advice;
                return at + " is a framework type whose state the serializer does not carry (only the types listed in docs/splitting.md are carried); " + advice;
            }

            return CheckUserType(named, member, at);
        }

        private string? CheckUserType(INamedTypeSymbol type, string? member, string at)
        {
            if (!_visiting.Add(type))
            {
                // A recursive type (tree, list node) is fine; a cyclic value is refused by the serializer at run time.
                return null;
            }

            if (type.IsAbstract)
            {
                return at + " is abstract: the serializer cannot create it, and a subclass's state would be lost; carry a concrete sealed type";
            }

            for (var b = type.BaseType; b is not null && b.SpecialType is not (SpecialType.System_Object or SpecialType.System_ValueType); b = b.BaseType)
            {
                if (IsFramework(b))
                {
                    return at + " derives from " + Display(b) + ", whose state the serializer does not carry with the derived type's; contain it in a member instead of deriving from it";
                }
            }

            var constructor = DeserializationConstructor(type, out var constructorProblem);
            if (constructorProblem is not null)
            {
                return at + " " + constructorProblem;
            }

            var bound = new HashSet<string>(constructor?.Parameters.Select(p => p.Name) ?? [], StringComparer.OrdinalIgnoreCase);
            var serialized = new Dictionary<string, ISymbol>(StringComparer.OrdinalIgnoreCase);
            var prefix = (member ?? Display(type)) + ".";
            var properties = new List<IPropertySymbol>();
            var fields = new List<IFieldSymbol>();
            for (var t = type; t is not null && t.SpecialType is not (SpecialType.System_Object or SpecialType.System_ValueType); t = t.BaseType)
            {
                foreach (var m in t.GetMembers())
                {
                    if (m.IsStatic)
                    {
                        continue;
                    }

                    if (m is IPropertySymbol { IsIndexer: false } p && !properties.Any(q => q.Name == p.Name))
                    {
                        properties.Add(p);
                    }
                    else if (m is IFieldSymbol { IsConst: false } f)
                    {
                        fields.Add(f);
                    }
                    else if (m is IEventSymbol { AddMethod.IsImplicitlyDeclared: true } e)
                    {
                        return "member " + prefix + e.Name + " is an event: its handlers (delegates) are not carried; raise it within one statement, or carry data instead";
                    }
                }
            }

            foreach (var p in properties)
            {
                if (p.DeclaredAccessibility != Accessibility.Public || !IsPublic(p.GetMethod) || HasAttribute(p, "JsonIgnoreAttribute"))
                {
                    continue;
                }

                if (serialized.TryGetValue(p.Name, out var clash))
                {
                    return at + " has members " + clash.Name + " and " + p.Name + " whose JSON names differ only in case; rename one";
                }

                serialized[p.Name] = p;
            }

            foreach (var f in fields)
            {
                if (f.AssociatedSymbol is not null || f.DeclaredAccessibility != Accessibility.Public || HasAttribute(f, "JsonIgnoreAttribute"))
                {
                    continue;
                }

                if (serialized.TryGetValue(f.Name, out var clash))
                {
                    return at + " has members " + clash.Name + " and " + f.Name + " whose JSON names differ only in case; rename one";
                }

                serialized[f.Name] = f;
            }

            if (constructor is not null)
            {
                foreach (var parameter in constructor.Parameters)
                {
                    if (!serialized.ContainsKey(parameter.Name))
                    {
                        return at + " has a constructor parameter '" + parameter.Name + "' that matches no public property or field, so the serializer cannot call the constructor; expose it as a public property of the same name";
                    }
                }
            }

            // State: every instance field (including auto-property backing fields) must be public and settable,
            // or bound by the constructor, or the private field behind a public settable property of the same name.
            foreach (var f in fields)
            {
                string? problem = null;
                ITypeSymbol carried = f.Type;
                var shown = prefix + f.Name;
                if (f.AssociatedSymbol is IPropertySymbol p)
                {
                    shown = prefix + p.Name;
                    if (p.DeclaredAccessibility != Accessibility.Public || !IsPublic(p.GetMethod))
                    {
                        problem = "is not public, so its value is not carried";
                    }
                    else if (HasAttribute(p, "JsonIgnoreAttribute"))
                    {
                        problem = "is [JsonIgnore], so its value is not carried";
                    }
                    else if (!IsPublic(p.SetMethod) && !bound.Contains(p.Name))
                    {
                        problem = "has no public setter and is not a constructor parameter, so its value would be lost; add a setter (or init) or a constructor parameter of the same name";
                    }
                }
                else if (f.AssociatedSymbol is IEventSymbol e)
                {
                    shown = prefix + e.Name;
                    problem = "is an event: its handlers (delegates) are not carried";
                }
                else if (f.DeclaredAccessibility == Accessibility.Public)
                {
                    if (HasAttribute(f, "JsonIgnoreAttribute"))
                    {
                        problem = "is [JsonIgnore], so its value is not carried";
                    }
                    else if (f.IsReadOnly && !bound.Contains(f.Name))
                    {
                        problem = "is a readonly field that is not a constructor parameter, so its value would be lost";
                    }
                }
                else if (f.IsImplicitlyDeclared)
                {
                    problem = "is a captured primary-constructor parameter (hidden private state); declare it as a public property";
                }
                else if (PublicPropertyFor(f, serialized, bound) is { } property)
                {
                    carried = property.Type;
                    shown = prefix + property.Name;
                }
                else
                {
                    problem = "is private state (field '" + f.Name + "'), which the serializer does not see; make the state public properties with setters (or constructor parameters)";
                }

                if (problem is not null)
                {
                    return "member " + shown + " " + problem;
                }

                if (Check(carried, shown) is { } reason)
                {
                    return reason;
                }
            }

            // Public computed properties are written (and ignored on reading); their types must at least be writable.
            foreach (var p in serialized.Values.OfType<IPropertySymbol>())
            {
                if (!fields.Any(f => SymbolEqualityComparer.Default.Equals(f.AssociatedSymbol, p)) && Unwritable(p.Type) is { } why)
                {
                    return "member " + prefix + p.Name + " (" + Display(p.Type) + ") " + why + ", and the serializer writes every public property; mark it [JsonIgnore]";
                }
            }

            return null;
        }

        private static IPropertySymbol? PublicPropertyFor(IFieldSymbol field, Dictionary<string, ISymbol> serialized, HashSet<string> bound)
        {
            var name = field.Name.TrimStart('_');
            if (name.StartsWith("m_", StringComparison.Ordinal))
            {
                name = name.Substring(2);
            }

            return serialized.TryGetValue(name, out var symbol) && symbol is IPropertySymbol p && (IsPublic(p.SetMethod) || bound.Contains(p.Name))
                && p.Type.Equals(field.Type, SymbolEqualityComparer.Default)
                ? p
                : null;
        }

        private static string? Unwritable(ITypeSymbol type)
        {
            if (type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer or TypeKind.Delegate || type.IsRefLikeType)
            {
                return "is a pointer, delegate or ref struct";
            }

            if (type is IArrayTypeSymbol { Rank: > 1 })
            {
                return "is a multi-dimensional array";
            }

            return type is INamedTypeSymbol n && (NonSerializableTypes.LiveResource(n) || KnownNonMutating.MetadataName(n) is "System.Type" or "System.IntPtr" or "System.UIntPtr")
                ? "cannot be written"
                : null;
        }

        /// <summary>The constructor System.Text.Json deserialises with (null: parameterless), or why there is none.</summary>
        private static IMethodSymbol? DeserializationConstructor(INamedTypeSymbol type, out string? problem)
        {
            problem = null;
            var publicConstructors = type.InstanceConstructors.Where(c => c.DeclaredAccessibility == Accessibility.Public).ToList();
            var annotated = type.InstanceConstructors.FirstOrDefault(c => HasAttribute(c, "JsonConstructorAttribute"));
            if (annotated is not null)
            {
                return annotated.Parameters.Length == 0 ? null : annotated;
            }

            if (type.IsValueType || publicConstructors.Any(c => c.Parameters.Length == 0))
            {
                return null;
            }

            if (publicConstructors.Count == 1)
            {
                return publicConstructors[0];
            }

            problem = publicConstructors.Count == 0
                ? "has no public constructor, so the serializer cannot create it; add one (or mark one [JsonConstructor])"
                : "has several public constructors and none without parameters, so the serializer cannot choose one; mark one [JsonConstructor]";
            return null;
        }
    }
}
