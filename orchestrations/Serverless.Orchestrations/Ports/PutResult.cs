namespace Serverless.Orchestrations.Ports;

/// <summary>Outcome of <see cref="IStateStore.PutIfAbsentAsync"/>.</summary>
public enum PutResult
{
    /// <summary>The key was absent; the value is now stored.</summary>
    Added,

    /// <summary>The key held the same bytes already (an idempotent re-write).</summary>
    AlreadyEqual,

    /// <summary>The key holds different bytes; nothing was written.</summary>
    Conflict,
}
