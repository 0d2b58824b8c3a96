using System.Threading;
using System.Threading.Tasks;

namespace Serverless.Annotations.Runtime;

/// <summary>
/// Where intercepted calls go when a split runtime is configured (<see cref="SplitRuntime.Handler"/>): runs the
/// function split (locally or distributed) and returns its result, or throws the function's exception.
/// </summary>
public interface ISplitCallHandler
{
    /// <summary>Runs <paramref name="function"/> with arguments in parameter order; returns the (awaited) result.</summary>
    Task<object?> InvokeAsync(SplitFunction function, object?[] arguments, CancellationToken cancellationToken = default);
}
