using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Core.Interceptors;
using P = Microsoft.DurableTask.Protobuf;

namespace Serverless.Orchestrations.Tests.Replay;

/// <summary>
/// A gRPC interceptor on the worker's channel that keeps the last orchestrator work item (the instance's whole
/// history as past and new events) and the orchestrator's answer to it, per instance. The in-process sidecar does not
/// serve <c>StreamInstanceHistory</c> (it streams nothing), so this is where the real history can be seen.
/// </summary>
public sealed class WorkItemRecorder : Interceptor
{
    private readonly ConcurrentDictionary<string, P.OrchestratorRequest> _requests = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, P.OrchestratorResponse> _responses = new(StringComparer.Ordinal);

    public (P.OrchestratorRequest Request, P.OrchestratorResponse Response) Last(string instanceId) =>
        _requests.TryGetValue(instanceId, out var request) && _responses.TryGetValue(instanceId, out var response)
            ? (request, response)
            : throw new InvalidOperationException($"No orchestrator work item was seen for instance '{instanceId}'.");

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        var call = continuation(request, context);
        return new AsyncServerStreamingCall<TResponse>(
            new RecordingReader<TResponse>(call.ResponseStream, this),
            call.ResponseHeadersAsync,
            call.GetStatus,
            call.GetTrailers,
            call.Dispose);
    }

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        if (request is P.OrchestratorResponse response)
        {
            _responses[response.InstanceId] = response.Clone();
        }

        return continuation(request, context);
    }

    private void Seen(object message)
    {
        if (message is P.WorkItem { OrchestratorRequest: { } request })
        {
            _requests[request.InstanceId] = request.Clone();
        }
    }

    private sealed class RecordingReader<T>(IAsyncStreamReader<T> inner, WorkItemRecorder recorder) : IAsyncStreamReader<T>
    {
        public T Current => inner.Current;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            var moved = await inner.MoveNext(cancellationToken);
            if (moved && inner.Current is { } current)
            {
                recorder.Seen(current);
            }

            return moved;
        }
    }
}
