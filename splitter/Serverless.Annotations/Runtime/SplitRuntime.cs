using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;

namespace Serverless.Annotations.Runtime;

/// <summary>
/// The hook generated interceptors call. When a <see cref="Handler"/> is configured and the caller is not itself
/// inside a running segment, a call to a <c>[Splitable]</c> method goes to the handler; otherwise it runs directly.
/// </summary>
public static class SplitRuntime
{
    private static readonly AsyncLocal<bool> InSegmentFlag = new();
    private static volatile ISplitCallHandler? _handler;
    private static readonly ConcurrentDictionary<Assembly, IReadOnlyDictionary<string, SplitFunction>> Registered = new();

    /// <summary>The configured handler (process-wide), or null: calls then run the original method.</summary>
    public static ISplitCallHandler? Handler
    {
        get => _handler;
        set => _handler = value;
    }

    /// <summary>True while a segment or an unsplit fallback runs on this asynchronous flow.</summary>
    public static bool IsInSegment => InSegmentFlag.Value;

    /// <summary>The handler an intercepted call should use now: null inside a segment or when none is configured.</summary>
    public static ISplitCallHandler? Current => InSegmentFlag.Value ? null : _handler;

    /// <summary>Marks this asynchronous flow as inside a segment until the result is disposed.</summary>
    public static IDisposable EnterSegment()
    {
        var previous = InSegmentFlag.Value;
        InSegmentFlag.Value = true;
        return new Restore(previous);
    }

    /// <summary>
    /// The function <paramref name="id"/> registered in <paramref name="assembly"/> by its generated provider, or null
    /// (then the caller runs the method directly). Interceptors of calls into another assembly look functions up here,
    /// since that assembly's generated descriptors are internal to it.
    /// </summary>
    public static SplitFunction? Find(Assembly assembly, string id, int parameterCount)
    {
        if (assembly is null || id is null)
        {
            return null;
        }

        var functions = Registered.GetOrAdd(assembly, static a =>
        {
            var byId = new Dictionary<string, SplitFunction>(StringComparer.Ordinal);
            foreach (SplitFunctionProviderAttribute attribute in a.GetCustomAttributes(typeof(SplitFunctionProviderAttribute), false))
            {
                if (Activator.CreateInstance(attribute.ProviderType, nonPublic: true) is ISplitFunctionProvider provider)
                {
                    foreach (var f in provider.Functions)
                    {
                        if (!byId.ContainsKey(f.Id))
                        {
                            byId[f.Id] = f;
                        }
                    }
                }
            }

            return byId;
        });
        return functions.TryGetValue(id, out var function) && function.Parameters.Count == parameterCount ? function : null;
    }

    /// <summary>Runs an intercepted synchronous call through the handler (blocks until the split run completes).</summary>
    public static T InvokeSync<T>(ISplitCallHandler handler, SplitFunction function, object?[] arguments)
        => Cast<T>(Task.Run(() => handler.InvokeAsync(function, arguments)).GetAwaiter().GetResult());

    /// <summary>Runs an intercepted <c>void</c> call through the handler (blocks until the split run completes).</summary>
    public static void InvokeVoid(ISplitCallHandler handler, SplitFunction function, object?[] arguments)
        => Task.Run(() => handler.InvokeAsync(function, arguments)).GetAwaiter().GetResult();

    /// <summary>Runs an intercepted call returning <see cref="Task{T}"/> through the handler.</summary>
    public static async Task<T> InvokeTaskAsync<T>(ISplitCallHandler handler, SplitFunction function, object?[] arguments)
        => Cast<T>(await handler.InvokeAsync(function, arguments).ConfigureAwait(false));

    /// <summary>Runs an intercepted call returning <see cref="Task"/> through the handler.</summary>
    public static async Task InvokeTaskAsync(ISplitCallHandler handler, SplitFunction function, object?[] arguments)
        => await handler.InvokeAsync(function, arguments).ConfigureAwait(false);

    /// <summary>Converts a result or argument object to <typeparamref name="T"/> (null becomes the default).</summary>
    public static T Cast<T>(object? value) => value is T t ? t : default!;

    /// <summary>The runtime type of <typeparamref name="T"/> (generated code uses it where <c>typeof</c> rejects nullable annotations).</summary>
    public static Type TypeOf<T>() => typeof(T);

    /// <summary>Argument <paramref name="index"/> as <typeparamref name="T"/> (null becomes the default).</summary>
    public static T Arg<T>(object?[] arguments, int index) => Cast<T>(arguments[index]);

    private sealed class Restore : IDisposable
    {
        private readonly bool _previous;

        public Restore(bool previous) => _previous = previous;

        public void Dispose() => InSegmentFlag.Value = _previous;
    }
}
