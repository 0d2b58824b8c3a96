using System.Reflection;
using System.Runtime.Loader;
using Serverless.Annotations.Runtime;
using Serverless.Orchestrations.InMemory;
using Serverless.Orchestrations.Runtime;

namespace Serverless.Splitting.Generator.Tests;

[CollectionDefinition(nameof(SplitRuntimeCollection), DisableParallelization = true)]
public sealed class SplitRuntimeCollection
{
}

[Collection(nameof(SplitRuntimeCollection))]
public sealed class InterceptionTests
{
    private const string Source = """
        using Serverless.Annotations;

        namespace Demo;

        public static partial class Calc
        {
            [Splitable]
            public static int Twice(int x)
            {
                var y = x * 2;
                var z = Inner(y);
                return y + z;
            }

            [Splitable]
            public static int Inner(int v)
            {
                var w = v + 1;
                return w;
            }

            [Splitable]
            public static async Task<string> GreetAsync(string name)
            {
                await Task.Yield();
                var text = "hi " + name;
                return text;
            }

            [Splitable]
            public static void Fail(int code)
            {
                var message = "code " + code;
                throw new InvalidOperationException(message);
            }
        }

        public static class Caller
        {
            public static int CallTwice(int x) => Calc.Twice(x);

            public static Task<string> CallGreet(string name) => Calc.GreetAsync(name);

            public static void CallFail(int code) => Calc.Fail(code);
        }
        """;

    private sealed class RecordingHandler(ISplitCallHandler inner) : ISplitCallHandler
    {
        public List<string> Calls { get; } = [];

        public Task<object?> InvokeAsync(SplitFunction function, object?[] arguments, CancellationToken cancellationToken = default)
        {
            lock (Calls)
            {
                Calls.Add(function.Id);
            }

            return inner.InvokeAsync(function, arguments, cancellationToken);
        }
    }

    private static async Task WithAssemblyAsync(bool interceptors, Func<Assembly, Task> test)
    {
        var build = InMemoryBuild.Build([Source], interceptors, assemblyName: "Interception" + interceptors);
        Assert.Empty(build.Problems);
        Assert.Equal(interceptors, build.Generated.ContainsKey("Serverless.SplitInterceptors.g.cs"));
        var context = new AssemblyLoadContext("interception", isCollectible: true);
        try
        {
            await test(InMemoryBuild.Load(build.Output, context));
        }
        finally
        {
            SplitRuntime.Handler = null;
            context.Unload();
        }
    }

    private static object? Call(Assembly assembly, string method, params object?[] args)
    {
        try
        {
            return assembly.GetType("Demo.Caller")!.GetMethod(method)!.Invoke(null, args);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
            throw;
        }
    }

    [Fact]
    public Task DirectCall_HandlerConfigured_GoesThroughSplitRuntimeAndNestedCallsRunLocally() => WithAssemblyAsync(true, async assembly =>
    {
        var catalogue = SplitFunctionRegistry.FromAssemblies(assembly);
        var handler = new RecordingHandler(new SplitCallHandler(new LocalSplitInvoker(catalogue, new InMemoryStateStore())));
        SplitRuntime.Handler = handler;

        for (var x = -3; x < 4; x++)
        {
            Assert.Equal((x * 2) + (x * 2) + 1, Call(assembly, "CallTwice", x));
        }

        Assert.Equal("hi ada", await (Task<string>)Call(assembly, "CallGreet", "ada")!);
        var ex = Assert.Throws<InvalidOperationException>(() => Call(assembly, "CallFail", 7));
        Assert.Equal("code 7", ex.Message);
        Assert.Equal(7, handler.Calls.Count(c => c == "Demo.Calc.Twice"));
        Assert.Equal(1, handler.Calls.Count(c => c == "Demo.Calc.GreetAsync"));
        Assert.Equal(1, handler.Calls.Count(c => c == "Demo.Calc.Fail"));
        Assert.DoesNotContain("Demo.Calc.Inner", handler.Calls);
    });

    [Fact]
    public Task DirectCall_NoHandler_RunsOriginalMethod() => WithAssemblyAsync(true, async assembly =>
    {
        SplitRuntime.Handler = null;
        Assert.Equal(13, Call(assembly, "CallTwice", 3));
        Assert.Equal("hi bo", await (Task<string>)Call(assembly, "CallGreet", "bo")!);
    });

    [Fact]
    public Task DirectCall_InsideSegment_RunsOriginalMethod() => WithAssemblyAsync(true, assembly =>
    {
        var handler = new RecordingHandler(new SplitCallHandler(new LocalSplitInvoker(SplitFunctionRegistry.FromAssemblies(assembly), new InMemoryStateStore())));
        SplitRuntime.Handler = handler;
        using (SplitRuntime.EnterSegment())
        {
            Assert.Equal(13, Call(assembly, "CallTwice", 3));
        }

        Assert.Empty(handler.Calls);
        Assert.Equal(13, Call(assembly, "CallTwice", 3));
        Assert.Single(handler.Calls);
        return Task.CompletedTask;
    });

    [Fact]
    public Task DirectCall_InterceptorsNotEnabled_NoInterceptionEvenWithHandler() => WithAssemblyAsync(false, assembly =>
    {
        var handler = new RecordingHandler(new SplitCallHandler(new LocalSplitInvoker(SplitFunctionRegistry.FromAssemblies(assembly), new InMemoryStateStore())));
        SplitRuntime.Handler = handler;
        Assert.Equal(13, Call(assembly, "CallTwice", 3));
        Assert.Empty(handler.Calls);
        return Task.CompletedTask;
    });
}
