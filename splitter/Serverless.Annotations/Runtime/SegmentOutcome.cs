namespace Serverless.Annotations.Runtime;

/// <summary>How a segment completed: normally, or by executing the method's <c>return</c> (with its value).</summary>
public readonly struct SegmentOutcome
{
    private SegmentOutcome(bool returned, object? value)
    {
        Returned = returned;
        Value = value;
    }

    /// <summary>The segment completed normally; the next segment may run.</summary>
    public static SegmentOutcome Continue => default;

    /// <summary>True when the segment executed <c>return</c>: no later segment runs.</summary>
    public bool Returned { get; }

    /// <summary>The returned value (awaited for async methods; null for void).</summary>
    public object? Value { get; }

    /// <summary>The segment executed <c>return</c> with a value (null for void methods).</summary>
    public static SegmentOutcome Return(object? value) => new(true, value);
}
