namespace Serverless.Orchestrations.Runtime;

/// <summary>
/// Runs a splittable function by id with JSON arguments (parameter name → value) and returns its result as JSON.
/// Throws the function's exception when it throws; <see cref="UnknownFunctionException"/> and
/// <see cref="SplitArgumentException"/> for calls that cannot start.
/// </summary>
public interface ISplitInvoker
{
    Task<LocalRunResult> InvokeAsync(string functionId, ReadOnlyMemory<byte> argumentsJson, CancellationToken cancellationToken = default);
}
