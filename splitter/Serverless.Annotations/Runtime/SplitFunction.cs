using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace Serverless.Annotations.Runtime;

/// <summary>
/// A splittable function as the generator registers it: its manifest (the analysis JSON), parameter and variable
/// types, an executor that runs one segment against a <see cref="ISplitScope"/>, and the original method as the
/// unsplit fallback.
/// </summary>
public sealed class SplitFunction
{
    private readonly Func<int, ISplitScope, Task<SegmentOutcome>> _executeSegment;
    private readonly Func<object?[], Task<object?>> _invokeOriginal;

    /// <summary>Creates a descriptor; called by generated code.</summary>
    public SplitFunction(
        string id,
        string manifestJson,
        IReadOnlyList<SplitFunctionParameter> parameters,
        Type? resultType,
        IReadOnlyDictionary<string, Type> variableTypes,
        int segmentCount,
        bool isSplittable,
        Func<int, ISplitScope, Task<SegmentOutcome>> executeSegment,
        Func<object?[], Task<object?>> invokeOriginal)
    {
        Id = id;
        ManifestJson = manifestJson;
        Parameters = parameters;
        ResultType = resultType;
        VariableTypes = variableTypes;
        SegmentCount = segmentCount;
        IsSplittable = isSplittable;
        _executeSegment = executeSegment;
        _invokeOriginal = invokeOriginal;
    }

    /// <summary>Fully qualified containing type plus method name, e.g. <c>Demo.Images.Process</c>.</summary>
    public string Id { get; }

    /// <summary>The manifest JSON of the function (the same as <c>serverless analyze</c> prints for it).</summary>
    public string ManifestJson { get; }

    /// <summary>Parameters in declaration order.</summary>
    public IReadOnlyList<SplitFunctionParameter> Parameters { get; }

    /// <summary>The type of the result value (awaited for async methods); null when the method returns nothing.</summary>
    public Type? ResultType { get; }

    /// <summary>Types of the parameters and top-level locals by name.</summary>
    public IReadOnlyDictionary<string, Type> VariableTypes { get; }

    /// <summary>Number of segments (top-level statements).</summary>
    public int SegmentCount { get; }

    /// <summary>False when the analysis reported an error: the function runs only as one unit, unsplit.</summary>
    public bool IsSplittable { get; }

    /// <summary>
    /// Runs one segment: reads its inputs from <paramref name="scope"/>, runs the original statement, writes its
    /// outputs back. Interception is off while it runs (nested calls to splittable methods run locally).
    /// </summary>
    public async Task<SegmentOutcome> ExecuteSegmentAsync(int segment, ISplitScope scope)
    {
        if (segment < 0 || segment >= SegmentCount)
        {
            throw new ArgumentOutOfRangeException(nameof(segment), segment, $"Function '{Id}' has segments 0..{SegmentCount - 1}.");
        }

        using (SplitRuntime.EnterSegment())
        {
            return await _executeSegment(segment, scope).ConfigureAwait(false);
        }
    }

    /// <summary>Calls the original method unsplit with arguments in parameter order; returns its (awaited) result.</summary>
    public async Task<object?> InvokeOriginalAsync(object?[] arguments)
    {
        if (arguments is null || arguments.Length != Parameters.Count)
        {
            throw new ArgumentException($"Function '{Id}' takes {Parameters.Count} argument(s).", nameof(arguments));
        }

        using (SplitRuntime.EnterSegment())
        {
            return await _invokeOriginal(arguments).ConfigureAwait(false);
        }
    }
}
