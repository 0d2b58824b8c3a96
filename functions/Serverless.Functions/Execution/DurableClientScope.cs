using Microsoft.DurableTask.Client;

namespace Serverless.Functions.Execution;

/// <summary>
/// The Durable Functions client of the current invocation. In the isolated worker a <see cref="DurableTaskClient"/>
/// exists only as a <c>[DurableClient]</c> binding parameter; a trigger runs its handler inside
/// <see cref="RunAsync{T}"/> so that <see cref="DurableExecutionService"/> (a singleton) reaches the client of that request.
/// </summary>
public static class DurableClientScope
{
    private static readonly AsyncLocal<DurableTaskClient?> _current = new();

    /// <summary>The client bound to the invocation in progress, or null outside one.</summary>
    public static DurableTaskClient? Current => _current.Value;

    /// <summary>Runs <paramref name="action"/> with <paramref name="client"/> as <see cref="Current"/>.</summary>
    public static async Task<T> RunAsync<T>(DurableTaskClient client, Func<Task<T>> action)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(action);
        var previous = _current.Value;
        _current.Value = client;
        try
        {
            return await action().ConfigureAwait(false);
        }
        finally
        {
            _current.Value = previous;
        }
    }
}
