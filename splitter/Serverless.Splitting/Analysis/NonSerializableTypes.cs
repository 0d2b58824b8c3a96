using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Serverless.Splitting.Analysis;

/// <summary>
/// THE rules for types whose values cannot travel between segments (serialised through the state store):
/// ref structs, pointers, delegates, tasks, streams and other handles to live resources, anonymous types.
/// </summary>
internal static class NonSerializableTypes
{
    /// <summary>Types (and their subclasses / implementations) by metadata name.</summary>
    private static readonly HashSet<string> s_types = new(StringComparer.Ordinal)
    {
        "System.Threading.Tasks.Task", "System.Threading.Tasks.Task`1", "System.Threading.Tasks.ValueTask",
        "System.Threading.Tasks.ValueTask`1", "System.IO.Stream", "System.IO.TextReader", "System.IO.TextWriter",
        "System.IO.BinaryReader", "System.IO.BinaryWriter", "System.IO.FileSystemWatcher",
        "System.Threading.CancellationToken", "System.Threading.CancellationTokenSource", "System.Threading.Thread",
        "System.Threading.WaitHandle", "System.Threading.SemaphoreSlim", "System.Threading.Timer",
        "System.Threading.ReaderWriterLockSlim", "System.Threading.Lock", "System.Net.Http.HttpClient",
        "System.Net.Http.HttpMessageInvoker", "System.Net.Http.HttpResponseMessage", "System.Net.Http.HttpContent",
        "System.Net.Sockets.Socket", "System.Data.Common.DbConnection", "System.Data.Common.DbCommand",
        "System.Data.Common.DbDataReader", "System.Linq.Expressions.Expression", "System.Reflection.MemberInfo",
        "System.Reflection.Assembly", "System.Runtime.InteropServices.SafeHandle", "System.Diagnostics.Process",
        "System.Diagnostics.Activity", "System.Collections.Generic.IEnumerator`1", "System.Collections.IEnumerator",
        "System.Collections.Generic.IAsyncEnumerable`1", "System.Collections.Generic.IAsyncEnumerator`1",
        "System.IAsyncDisposable",
    };

    /// <summary>Why a value of <paramref name="type"/> cannot cross a segment boundary, or null when it can.</summary>
    public static string? Reason(ITypeSymbol type)
    {
        switch (type.TypeKind)
        {
            case TypeKind.Pointer:
            case TypeKind.FunctionPointer:
                return "a pointer";
            case TypeKind.Delegate:
                return "a delegate";
            case TypeKind.Dynamic:
                return null;
            default:
                break;
        }

        if (type.IsRefLikeType)
        {
            return "a ref struct";
        }

        if (type.IsAnonymousType)
        {
            return "an anonymous type (it cannot be named in generated code; use a record)";
        }

        if (Matches(type))
        {
            return "a handle to a live resource (task, stream, lock, connection, enumerator, token)";
        }

        for (var b = type.BaseType; b is not null; b = b.BaseType)
        {
            if (Matches(b))
            {
                return "a handle to a live resource (task, stream, lock, connection, enumerator, token)";
            }
        }

        foreach (var i in type.AllInterfaces)
        {
            if (i.Name is "IEnumerator" or "IAsyncEnumerator" && Matches(i))
            {
                return "an enumerator";
            }
        }

        return null;
    }

    private static bool Matches(ITypeSymbol type) =>
        type is INamedTypeSymbol named && s_types.Contains(KnownNonMutating.MetadataName(named));
}
