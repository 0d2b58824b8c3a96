using DurableTask.Core;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.Extensions.Logging;

namespace Serverless.Local.Backends;

/// <summary>InProcessTestHost's in-memory orchestration service: what <c>DurableTaskTestHost</c> (and so the embedded engine) runs on.</summary>
public sealed class InMemoryBackend : IDurableBackend
{
    private readonly InMemoryOrchestrationService _service;

    public InMemoryBackend(ILoggerFactory? loggerFactory = null) => _service = new InMemoryOrchestrationService(loggerFactory);

    public string Name => "in-memory";

    public string Description => "InProcessTestHost's InMemoryOrchestrationService (process memory)";

    public IOrchestrationService Service => _service;

    public IOrchestrationServiceClient Client => _service;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
