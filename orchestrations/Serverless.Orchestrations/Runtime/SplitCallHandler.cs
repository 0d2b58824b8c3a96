using Serverless.Annotations.Runtime;
using Serverless.Contracts.Manifest;

namespace Serverless.Orchestrations.Runtime;

/// <summary>
/// Connects intercepted calls (<see cref="SplitRuntime.Handler"/>) to a <see cref="LocalSplitInvoker"/>: the typed
/// arguments become JSON, the function runs split, the JSON result becomes the typed result again.
/// </summary>
public sealed class SplitCallHandler : ISplitCallHandler
{
    private readonly LocalSplitInvoker _invoker;

    public SplitCallHandler(LocalSplitInvoker invoker) => _invoker = invoker ?? throw new ArgumentNullException(nameof(invoker));

    /// <summary>How many calls went through the handler.</summary>
    public int Calls => _calls;

    private int _calls;

    public async Task<object?> InvokeAsync(SplitFunction function, object?[] arguments, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(function);
        Interlocked.Increment(ref _calls);
        var entry = _invoker.Catalogue.TryGet(function.Id, out var known) ? known : new RegisteredFunction(function, ManifestReader.Parse(function.ManifestJson));
        var result = await _invoker.InvokeAsync(entry, SplitArguments.FromValues(function, arguments), cancellationToken).ConfigureAwait(false);
        return result.Result;
    }
}
