using Microsoft.CodeAnalysis;

namespace Serverless.Splitting.Generator;

/// <summary>What a method returns, as the runtime sees it: nothing, a value, or an awaitable of either.</summary>
internal enum ResultKind
{
    Void,
    Value,
    Task,
    TaskOf,
    ValueTask,
    ValueTaskOf,
}

/// <summary>The result kind of a method plus the (awaited) result type.</summary>
internal sealed class ResultShape
{
    private ResultShape(ResultKind kind, ITypeSymbol? resultType)
    {
        Kind = kind;
        ResultType = resultType;
    }

    public ResultKind Kind { get; }

    /// <summary>The value type of the result (T of Task&lt;T&gt;), or null when there is none.</summary>
    public ITypeSymbol? ResultType { get; }

    public bool IsAwaitable => Kind is ResultKind.Task or ResultKind.TaskOf or ResultKind.ValueTask or ResultKind.ValueTaskOf;

    public static ResultShape Of(IMethodSymbol method)
    {
        var type = method.ReturnType;
        if (method.ReturnsVoid)
        {
            return new ResultShape(ResultKind.Void, null);
        }

        if (type is INamedTypeSymbol named && named.ContainingNamespace?.ToDisplayString() == "System.Threading.Tasks")
        {
            switch (named.MetadataName)
            {
                case "Task":
                    return new ResultShape(ResultKind.Task, null);
                case "Task`1":
                    return new ResultShape(ResultKind.TaskOf, named.TypeArguments[0]);
                case "ValueTask":
                    return new ResultShape(ResultKind.ValueTask, null);
                case "ValueTask`1":
                    return new ResultShape(ResultKind.ValueTaskOf, named.TypeArguments[0]);
                default:
                    break;
            }
        }

        return new ResultShape(ResultKind.Value, type);
    }
}
