using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Serverless.Splitting.Analysis;

/// <summary>
/// Handles to live resources (tasks, streams, locks, connections, enumerators, tokens): values that can never travel
/// between segments. The rest of what can and cannot travel is <see cref="FidelityRule"/>.
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

    /// <summary>
    /// Why a value of <paramref name="type"/> cannot cross a segment boundary (with what to do), or null when it can:
    /// the whole fidelity rule (<see cref="FidelityRule"/>), of which live resources are one part.
    /// </summary>
    public static string? Reason(ITypeSymbol type) => FidelityRule.Check(type);

    /// <summary>True for a handle to a live resource: one of the listed types, a subclass or an enumerator.</summary>
    public static bool LiveResource(INamedTypeSymbol type)
    {
        for (ITypeSymbol? t = type; t is not null; t = t.BaseType)
        {
            if (Matches(t))
            {
                return true;
            }
        }

        foreach (var i in type.AllInterfaces)
        {
            if (i.Name is "IEnumerator" or "IAsyncEnumerator" && Matches(i))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Matches(ITypeSymbol type) =>
        type is INamedTypeSymbol named && s_types.Contains(KnownNonMutating.MetadataName(named));
}
