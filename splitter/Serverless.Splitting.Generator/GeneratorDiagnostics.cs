using Microsoft.CodeAnalysis;

namespace Serverless.Splitting.Generator;

/// <summary>Diagnostics of the generator itself (SPL1xx): why a [Splitable] method gets no executors.</summary>
public static class GeneratorDiagnostics
{
    private const string Category = "Serverless.Splitting";

    /// <summary>The containing type (or an enclosing type) is not partial.</summary>
    public static readonly DiagnosticDescriptor NotPartial = new(
        "SPL100", "Containing type must be partial",
        "Method '{0}' is [Splitable] but type '{1}' is not partial: make it (and every enclosing type) partial so the generator can add segment executors; until then the method runs unsplit and its calls are not intercepted",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    /// <summary>Generic methods and methods of generic types are not split.</summary>
    public static readonly DiagnosticDescriptor Generic = new(
        "SPL101", "Generic splittable methods are not supported",
        "Method '{0}' is generic or belongs to a generic type: the generator cannot register a closed function for it, so it runs unsplit; move the body into a non-generic method",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    /// <summary>The containing type is private or protected, so the registration cannot reach it.</summary>
    public static readonly DiagnosticDescriptor Inaccessible = new(
        "SPL102", "Containing type must be at least internal",
        "Method '{0}' is [Splitable] but type '{1}' is private, protected or file-local: make it internal or public so the generated registration can reach it; until then the method runs unsplit",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    /// <summary>An instance method whose type cannot be created without arguments.</summary>
    public static readonly DiagnosticDescriptor NoParameterlessConstructor = new(
        "SPL103", "Instance method needs a parameterless constructor",
        "Method '{0}' is an instance method but type '{1}' is abstract or has no accessible constructor callable without arguments: split units and the registration create a fresh instance, so add one or make the method static; until then the function is not registered (serverless run cannot call it) and its direct calls run as ordinary calls",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    /// <summary>Two [Splitable] methods would share a function id.</summary>
    public static readonly DiagnosticDescriptor DuplicateId = new(
        "SPL104", "Splittable overloads share a function id",
        "Function id '{0}' is already used by another [Splitable] overload: only the first overload is registered; rename this one",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    /// <summary>A signature the generated executors and registration cannot call correctly.</summary>
    public static readonly DiagnosticDescriptor CannotEmit = new(
        "SPL105", "Signature cannot be split",
        "Method '{0}' has {1}, which the generated executors cannot pass through the split runtime (arguments and results travel as JSON values): the generator emits nothing for it, so it runs unsplit as an ordinary method; return the values (a tuple or record) instead",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    /// <summary>Every descriptor of the generator.</summary>
    public static readonly DiagnosticDescriptor[] All = [NotPartial, Generic, Inaccessible, NoParameterlessConstructor, DuplicateId, CannotEmit];
}
