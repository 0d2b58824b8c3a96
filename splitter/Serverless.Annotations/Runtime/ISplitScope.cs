namespace Serverless.Annotations.Runtime;

/// <summary>
/// The variables a segment executor reads and writes: typed values by name, backed by JSON so that a segment can
/// run in another process from values another segment wrote.
/// </summary>
public interface ISplitScope
{
    /// <summary>True when a value (live or JSON) is held for <paramref name="name"/>.</summary>
    bool Contains(string name);

    /// <summary>Reads a variable as <typeparamref name="T"/>; throws <see cref="SplitVariableMissingException"/> when absent.</summary>
    T Get<T>(string name);

    /// <summary>Writes a variable; its JSON form is produced when it is exported.</summary>
    void Set<T>(string name, T value);
}
