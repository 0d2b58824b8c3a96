using System.Collections.Generic;
using System.Runtime.ExceptionServices;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Serverless.Splitting.Analysis;

/// <summary>
/// Guards against input nested so deeply that binding it would overflow the stack (Roslyn's binder recurses per
/// nesting level): nesting is measured without recursion, and too-deep code is reported (SPL011), never bound.
/// </summary>
internal static class SyntaxDepth
{
    /// <summary>Deepest syntax nesting the analysis binds on the caller's stack (a parenthesised binary expression adds two levels).</summary>
    public const int Limit = 2000;

    /// <summary>Deepest syntax nesting bound on the large stack of <see cref="RunWithLargeStack{T}"/>.</summary>
    public const int LargeStackLimit = 20000;

    /// <summary>Stack size of the thread <see cref="RunWithLargeStack{T}"/> uses.</summary>
    public const int LargeStackBytes = 256 * 1024 * 1024;

    /// <summary>The nesting depth of <paramref name="root"/>, or a value above <paramref name="limit"/> as soon as it exceeds it.</summary>
    public static int Of(SyntaxNode root, int limit) => Of(root, limit, null);

    /// <summary>As <see cref="Of(SyntaxNode, int)"/>, and adds the nodes <paramref name="collect"/> accepts to it (one walk).</summary>
    public static int Of(SyntaxNode root, int limit, System.Func<SyntaxNode, bool>? collect)
    {
        var max = 0;
        var stack = new Stack<(SyntaxNode Node, int Depth)>();
        stack.Push((root, 1));
        while (stack.Count > 0)
        {
            var (node, depth) = stack.Pop();
            collect?.Invoke(node);
            if (depth > max)
            {
                max = depth;
                if (max > limit)
                {
                    return max;
                }
            }

            foreach (var child in node.ChildNodesAndTokens())
            {
                if (child.AsNode() is { } childNode)
                {
                    stack.Push((childNode, depth + 1));
                }
            }
        }

        return max;
    }

    /// <summary>Runs <paramref name="work"/> on a thread with a large stack and returns its result (or rethrows).</summary>
    public static T RunWithLargeStack<T>(System.Func<T> work)
    {
        T result = default!;
        ExceptionDispatchInfo? error = null;
        var thread = new Thread(
            () =>
            {
                try
                {
                    result = work();
                }
                catch (System.Exception ex)
                {
                    error = ExceptionDispatchInfo.Capture(ex);
                }
            },
            LargeStackBytes)
        {
            IsBackground = true,
            Name = "split-analysis",
        };
        thread.Start();
        thread.Join();
        error?.Throw();
        return result;
    }
}
