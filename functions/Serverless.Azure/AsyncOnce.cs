namespace Serverless.Azure;

/// <summary>Runs an idempotent set-up (create a table, container or queue) once; a failed run is retried next time.</summary>
internal sealed class AsyncOnce
{
    private readonly Func<CancellationToken, Task> _action;
    private readonly Lock _gate = new();
    private Task? _task;

    public AsyncOnce(Func<CancellationToken, Task> action) => _action = action;

    public Task RunAsync(CancellationToken cancellationToken)
    {
        var task = _task;
        if (task is { IsCompletedSuccessfully: true })
        {
            return Task.CompletedTask;
        }

        lock (_gate)
        {
            if (_task is null || _task.IsFaulted || _task.IsCanceled)
            {
                // Not bound to the first caller's token: one caller giving up must not fail the others.
                _task = _action(CancellationToken.None);
            }

            return _task.WaitAsync(cancellationToken);
        }
    }
}
