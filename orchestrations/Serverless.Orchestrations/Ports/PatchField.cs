namespace Serverless.Orchestrations.Ports;

/// <summary>One member of a patch: whether it is present in the request, and its value (null removes).</summary>
public readonly record struct PatchField<T>(bool IsSet, T Value)
{
    /// <summary>The member was absent: keep what is stored.</summary>
    public static PatchField<T> Unchanged => default;

    /// <summary>The member was present with this value.</summary>
    public static PatchField<T> Set(T value) => new(true, value);
}
