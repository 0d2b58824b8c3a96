namespace Serverless.Orchestrations.Ports;

/// <summary>
/// Run-time annotation overrides per function, overlaid on the compile-time attributes for every call that starts
/// after an update. Updates are conditional on an ETag (optimistic concurrency): exactly one of two writers holding
/// the same ETag succeeds. Implementations: in-memory (embedded engine) and Azure Table Storage.
/// </summary>
public interface IAnnotationStore
{
    /// <summary>Reads a function's overrides and their ETag, or null when none were ever stored.</summary>
    Task<AnnotationEntry?> GetAsync(string functionId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies <paramref name="patch"/> to the stored overrides. <paramref name="ifMatch"/> null is unconditional;
    /// <see cref="AnnotationETags.None"/> requires that nothing is stored yet; any other value must equal the stored
    /// ETag. Throws <see cref="AnnotationConflictException"/> when the condition fails; nothing is written then.
    /// </summary>
    Task<AnnotationEntry> UpdateAsync(string functionId, AnnotationPatch patch, string? ifMatch, CancellationToken cancellationToken = default);
}
