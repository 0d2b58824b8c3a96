using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Serverless.Splitting.Generator;

/// <summary>Whether the generator can emit executors (and interceptors) for a [Splitable] method.</summary>
internal static class Eligibility
{
    public const string SplitableAttribute = "Serverless.Annotations.SplitableAttribute";

    public static bool IsSplitable(IMethodSymbol method)
        => method.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == SplitableAttribute);

    /// <summary>Null when eligible; otherwise the diagnostic (descriptor and its two arguments).</summary>
    public static (DiagnosticDescriptor Descriptor, string Arg0, string Arg1)? Check(IMethodSymbol method, MethodDeclarationSyntax syntax)
    {
        var name = FunctionId(method);
        if (method.IsGenericMethod || method.ContainingType.IsGenericType || AnyEnclosingGeneric(method.ContainingType))
        {
            return (GeneratorDiagnostics.Generic, name, string.Empty);
        }

        for (var t = method.ContainingType; t is not null; t = t.ContainingType)
        {
            if (t.IsFileLocal || t.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected or Accessibility.ProtectedAndInternal)
            {
                return (GeneratorDiagnostics.Inaccessible, name, t.Name);
            }
        }

        for (var node = syntax.Parent; node is not null; node = node.Parent)
        {
            if (node is TypeDeclarationSyntax type && !type.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                return (GeneratorDiagnostics.NotPartial, name, type.Identifier.Text);
            }
        }

        if (!method.IsStatic && (method.ContainingType.IsAbstract || (method.ContainingType.TypeKind == TypeKind.Class
            && !method.ContainingType.InstanceConstructors.Any(c => c.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal
                && c.Parameters.All(p => p.IsOptional || p.IsParams)))))
        {
            return (GeneratorDiagnostics.NoParameterlessConstructor, name, method.ContainingType.Name);
        }

        if (Index(method) != 0)
        {
            return (GeneratorDiagnostics.DuplicateId, name, string.Empty);
        }

        if (UnemittableSignature(method) is { } why)
        {
            return (GeneratorDiagnostics.CannotEmit, name, why);
        }

        return null;
    }

    /// <summary>What in the signature the generated code cannot pass as a JSON value (by-ref, ref struct, pointer), or null.</summary>
    public static string? UnemittableSignature(IMethodSymbol method)
    {
        foreach (var p in method.Parameters)
        {
            if (p.RefKind is RefKind.Ref or RefKind.Out or RefKind.RefReadOnlyParameter)
            {
                return (p.RefKind == RefKind.Out ? "an out" : p.RefKind == RefKind.Ref ? "a ref" : "a ref readonly") + " parameter '" + p.Name + "'";
            }

            if (p.Type.IsRefLikeType || p.Type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer)
            {
                return "a parameter '" + p.Name + "' of type " + p.Type.ToDisplayString() + " (a ref struct or pointer)";
            }
        }

        if (method.ReturnsByRef || method.ReturnsByRefReadonly)
        {
            return "a ref return";
        }

        var result = ResultShape.Of(method).ResultType;
        if (result is not null && (result.IsRefLikeType || result.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer))
        {
            return "a result of type " + result.ToDisplayString() + " (a ref struct or pointer)";
        }

        return null;
    }

    /// <summary>Fully qualified containing type plus method name, e.g. <c>Demo.Images.Process</c>.</summary>
    public static string FunctionId(IMethodSymbol method)
        => method.ContainingType.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat.WithGenericsOptions(SymbolDisplayGenericsOptions.None)) + "." + method.Name;

    /// <summary>Position of the method among the [Splitable] methods of its type with the same name.</summary>
    public static int Index(IMethodSymbol method)
    {
        var same = method.ContainingType.GetMembers(method.Name).OfType<IMethodSymbol>().Where(IsSplitable)
            .OrderBy(m => m.Locations.FirstOrDefault()?.SourceTree?.FilePath, System.StringComparer.Ordinal)
            .ThenBy(m => m.Locations.FirstOrDefault()?.SourceSpan.Start ?? 0)
            .ToList();
        return same.FindIndex(m => SymbolEqualityComparer.Default.Equals(m, method.OriginalDefinition));
    }

    /// <summary>Prefix of the generated members of a method inside its type.</summary>
    public static string MemberPrefix(IMethodSymbol method) => "__split_" + method.Name;

    /// <summary>The descriptor field, fully qualified.</summary>
    public static string DescriptorReference(IMethodSymbol method)
        => method.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + "." + MemberPrefix(method) + "_Function";

    private static bool AnyEnclosingGeneric(INamedTypeSymbol type)
    {
        for (var t = type.ContainingType; t is not null; t = t.ContainingType)
        {
            if (t.IsGenericType)
            {
                return true;
            }
        }

        return false;
    }
}
