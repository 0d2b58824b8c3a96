using System.Reflection;
using System.Text;
using Microsoft.DurableTask.Client;
using Serverless.Annotations.Runtime;
using Serverless.Contracts.Manifest;
using Serverless.Contracts.Plans;
using Serverless.Hosting.Engine;
using Serverless.Orchestrations.Runtime;

namespace Serverless.Hosting.Interception;

/// <summary>
/// The engine-backed <see cref="ISplitCallHandler"/>: an intercepted call is planned with the function's effective
/// annotations (<see cref="SplitCallPlanner"/>), runs through <c>ExecutePlanOrchestrator</c> on the engine, and returns
/// the result, or rethrows the segment's exception as its original type with its message. A method the analysis
/// refused (it can only run unsplit) runs directly, in the caller's process.
/// </summary>
public sealed class EngineSplitCallHandler : ISplitCallHandler
{
    private readonly SplitFunctionRegistry _catalogue;
    private readonly SplitCallPlanner _planner;
    private readonly ISplitExecutionEngine _engine;

    public EngineSplitCallHandler(SplitFunctionRegistry catalogue, SplitCallPlanner planner, ISplitExecutionEngine engine)
    {
        _catalogue = catalogue ?? throw new ArgumentNullException(nameof(catalogue));
        _planner = planner ?? throw new ArgumentNullException(nameof(planner));
        _engine = engine ?? throw new ArgumentNullException(nameof(engine));
    }

    /// <summary>Raised after each call the handler ran (on the engine or directly), before its result is returned.</summary>
    public event EventHandler<SplitCallRecord>? CallCompleted;

    public async Task<object?> InvokeAsync(SplitFunction function, object?[] arguments, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(arguments);
        if (!_catalogue.TryGet(function.Id, out var entry))
        {
            // Not in the catalogue the engine's workers run from: no regional worker could run its segments.
            entry = new RegisteredFunction(function, ManifestReader.Parse(function.ManifestJson));
            return await RunDirectAsync(entry, arguments).ConfigureAwait(false);
        }

        if (!entry.IsSplittable)
        {
            return await RunDirectAsync(entry, arguments).ConfigureAwait(false);
        }

        var plan = await _planner.PlanAsync(entry, SplitArguments.FromValues(function, arguments), cancellationToken).ConfigureAwait(false);
        var outcome = await _engine.RunAsync(plan, cancellationToken).ConfigureAwait(false);
        CallCompleted?.Invoke(this, new SplitCallRecord(function.Id, plan, outcome));
        if (outcome.Status == OrchestrationRuntimeStatus.Completed && outcome.Result is { } result)
        {
            if (function.ResultType is null || result.Result is not { } value)
            {
                return null;
            }

            return SplitJson.Deserialize(Encoding.UTF8.GetBytes(value.GetRawText()), function.ResultType);
        }

        var error = outcome.Error ?? new UnitError(typeof(InvalidOperationException).FullName!, $"The split execution {outcome.InstanceId} of {function.Id} ended {outcome.Status} without an error.");
        throw Recreate(function.Id, error);
    }

    private async Task<object?> RunDirectAsync(RegisteredFunction entry, object?[] arguments)
    {
        var value = await entry.Function.InvokeOriginalAsync(arguments).ConfigureAwait(false);
        CallCompleted?.Invoke(this, new SplitCallRecord(entry.Id, null, null));
        return value;
    }

    /// <summary>
    /// The segment's exception as the caller would have seen it unsplit: the same type (found among the loaded
    /// assemblies) with the same message; a <see cref="SplitCallFailedException"/> naming the type when it cannot be made.
    /// </summary>
    public static Exception Recreate(string functionId, UnitError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var type = FindExceptionType(error.Type);
        if (type is not null)
        {
            try
            {
                // (message, inner) first: for ArgumentNullException and ArgumentOutOfRangeException the one-string
                // constructor takes a parameter name, not the message.
                if (type.GetConstructor([typeof(string), typeof(Exception)]) is { } withInner)
                {
                    return (Exception)withInner.Invoke([error.Message, null]);
                }

                if (type.GetConstructor([typeof(string)]) is { } withMessage)
                {
                    return (Exception)withMessage.Invoke([error.Message]);
                }
            }
            catch (TargetInvocationException)
            {
                // The type's constructor rejected the message: report it by name instead.
            }
        }

        return new SplitCallFailedException(functionId, error.Type, error.Message);
    }

    private static Type? FindExceptionType(string fullName)
    {
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            if (assembly.GetType(fullName, throwOnError: false) is { } type && typeof(Exception).IsAssignableFrom(type) && !type.IsAbstract)
            {
                return type;
            }
        }

        return null;
    }
}
