using System.Collections.Generic;
using Serverless.Contracts.Manifest;

namespace Serverless.Splitting;

/// <summary>
/// Every diagnostic the analysis reports, in one place (ids are stable; never reuse one). Errors make the method
/// run as one unit, unsplit; warnings leave it split.
/// </summary>
public static class SplitDiagnostics
{
    /// <summary>SPL001: the method is an iterator.</summary>
    public static readonly SplitDiagnosticDescriptor Iterator = new(
        "SPL001",
        "Iterator methods cannot be split",
        "'{0}' is an iterator (yield); iterators cannot be split. Return a collection (List<T>, array) instead of yield, or remove [Splitable].",
        DiagnosticSeverityNames.Error);

    /// <summary>SPL002: ref/out parameters, ref returns or ref locals.</summary>
    public static readonly SplitDiagnosticDescriptor RefVariable = new(
        "SPL002",
        "ref/out parameters and ref locals cannot be split",
        "{0} cannot cross a segment boundary; return the value (or a tuple) instead of using ref/out, or use a plain local instead of a ref local.",
        DiagnosticSeverityNames.Error);

    /// <summary>SPL003: unsafe code, pointers, stackalloc, fixed.</summary>
    public static readonly SplitDiagnosticDescriptor Unsafe = new(
        "SPL003",
        "Unsafe code cannot be split",
        "{0} cannot be split; move the unsafe code into a separate (non-[Splitable]) method and call it.",
        DiagnosticSeverityNames.Error);

    /// <summary>SPL004: goto to a label in another top-level statement.</summary>
    public static readonly SplitDiagnosticDescriptor GotoAcrossSegments = new(
        "SPL004",
        "goto across segments",
        "'goto {0}' in segment {1} jumps to segment {2}; a jump must stay inside one top-level statement. Use a loop, if/else or an early return instead.",
        DiagnosticSeverityNames.Error);

    /// <summary>SPL005: a variable whose type is not carried faithfully between units is passed between segments.</summary>
    public static readonly SplitDiagnosticDescriptor NonSerializableCrossing = new(
        "SPL005",
        "Value not carried faithfully crosses a segment boundary",
        "'{0}' of type {1} is written in segment {2} and read in segment {3}, but it would not arrive intact in another unit: {4}. Use only types the fidelity rule carries across statements (docs/splitting.md, Fidelity).",
        DiagnosticSeverityNames.Error);

    /// <summary>SPL006: a lambda, delegate or local function is created in one segment and used in another.</summary>
    public static readonly SplitDiagnosticDescriptor DelegateCrossing = new(
        "SPL006",
        "Lambda or local function used across segments",
        "{0} is defined in segment {1} and used in segment {2}; a delegate cannot travel between segments. Define and use it in the same statement, or make it a private static method of the class.",
        DiagnosticSeverityNames.Error);

    /// <summary>SPL007: the statement assigns state outside the method (fields/properties of this, statics).</summary>
    public static readonly SplitDiagnosticDescriptor OuterStateWrite = new(
        "SPL007",
        "Assignment to state outside the method",
        "Segment {0} changes {1}, which is outside the method's parameters and locals; such statements keep their source order (order edges) and the change is not visible to units in other regions. Return the value or keep it in a local instead.",
        DiagnosticSeverityNames.Warning);

    /// <summary>SPL008: the method has C# errors.</summary>
    public static readonly SplitDiagnosticDescriptor CompilerError = new(
        "SPL008",
        "The method does not compile",
        "C# error {0}: {1}. Fix the error; the method cannot be analysed for splitting until it compiles.",
        DiagnosticSeverityNames.Error);

    /// <summary>SPL009: an annotation has an invalid value.</summary>
    public static readonly SplitDiagnosticDescriptor InvalidAnnotation = new(
        "SPL009",
        "Invalid annotation",
        "{0}",
        DiagnosticSeverityNames.Error);

    /// <summary>SPL010: the method has no body to split.</summary>
    public static readonly SplitDiagnosticDescriptor NoBody = new(
        "SPL010",
        "[Splitable] method without a body",
        "'{0}' has no body (abstract, extern or partial without implementation); put [Splitable] on a method with a body.",
        DiagnosticSeverityNames.Error);

    /// <summary>SPL011: the analysis could not complete (e.g. expressions nested too deeply).</summary>
    public static readonly SplitDiagnosticDescriptor AnalysisFailed = new(
        "SPL011",
        "The method could not be analysed",
        "The method could not be analysed ({0}); it runs unsplit. Simplify the statement at this line (e.g. split a deeply nested expression into several statements).",
        DiagnosticSeverityNames.Error);

    /// <summary>SPL012: two variables may refer to one object that a segment changes and a later segment reads through the other.</summary>
    public static readonly SplitDiagnosticDescriptor AliasedMutation = new(
        "SPL012",
        "Two variables may refer to one object that is changed",
        "'{0}' and '{1}' may refer to the same object; segment {2} changes it through '{1}' and segment {3} reads it through '{0}', but in different units each variable would be its own copy. Use one variable for the object, copy it explicitly when two are meant (e.g. new List<T>({1})), or change and read it in one statement.",
        DiagnosticSeverityNames.Error);

    /// <summary>All descriptors, by id.</summary>
    public static IReadOnlyList<SplitDiagnosticDescriptor> All { get; } =
    [
        Iterator, RefVariable, Unsafe, GotoAcrossSegments, NonSerializableCrossing, DelegateCrossing,
        OuterStateWrite, CompilerError, InvalidAnnotation, NoBody, AnalysisFailed, AliasedMutation,
    ];
}
