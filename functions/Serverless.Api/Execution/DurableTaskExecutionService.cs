using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Serverless.Api.Catalog;
using Serverless.Api.Planning;
using Serverless.Contracts.Plans;
using Serverless.Orchestrations.Orchestrators;
using Serverless.Orchestrations.Ports;
using ApiPlan = Serverless.Api.Planning.PlanPreview;
using ApiPlanCost = Serverless.Contracts.Plans.PlanCost;
using EnginePlan = Serverless.Contracts.Plans.ExecutionPlan;

namespace Serverless.Api.Execution;

/// <summary>
/// <see cref="IExecutionService"/> over a Durable Task client and the engine's state store, shared by the embedded
/// engine (<c>serve</c>) and the Functions app: converts the API's plan into the engine's, keeps the API's plan and
/// the request's digest next to the execution's variables, schedules <c>ExecutePlanOrchestrator</c>, and manages
/// the instance the Durable way (terminate, suspend, resume, purge, list).
/// </summary>
public abstract class DurableTaskExecutionService : IExecutionService
{
    /// <summary>The state-store "unit" under which the API's plan of an execution is kept (cleanup removes it).</summary>
    public const string PlanUnit = "api";

    private const string PlanVariable = "$plan";
    private const string RequestVariable = "$request";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    protected DurableTaskExecutionService(IManifestCatalog catalog, PlanEnvironment environment)
    {
        Catalog = catalog;
        Environment = environment;
    }

    protected IManifestCatalog Catalog { get; }

    protected PlanEnvironment Environment { get; }

    /// <summary>The Durable Task client of the engine.</summary>
    protected abstract ValueTask<DurableTaskClient> GetClientAsync(CancellationToken cancellationToken);

    /// <summary>The engine's state store (execution variables, the API's plan).</summary>
    protected abstract ValueTask<IStateStore> GetStoreAsync(CancellationToken cancellationToken);

    /// <summary>The host's last touches to the engine's plan before it is scheduled (queues, pricing, worker pools).</summary>
    protected virtual ValueTask<EnginePlan> PrepareAsync(EnginePlan plan, ApiPlan apiPlan, CancellationToken cancellationToken) => ValueTask.FromResult(plan);

    public async Task<string> SubmitAsync(ExecutionSubmission submission, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(submission);
        var client = await GetClientAsync(cancellationToken).ConfigureAwait(false);
        var store = await GetStoreAsync(cancellationToken).ConfigureAwait(false);
        var graph = Catalog.Find(submission.FunctionId) ?? throw new PlanningFailedException($"'{submission.FunctionId}' is not registered.");
        var id = submission.Id ?? $"x{Guid.NewGuid():N}";
        if (submission.Id is not null && await ExistingAsync(client, store, id, submission, cancellationToken).ConfigureAwait(false))
        {
            return id;
        }

        var enginePlan = EngineExecutionMapping.BuildPlan(Environment, id, graph, submission);
        if (submission.Id is not null && submission.RequestHash is { } hash)
        {
            // First writer wins: of two submits with one id racing here, the later sees the earlier's digest.
            var put = await store.PutIfAbsentAsync(RequestKey(id), Encoding.UTF8.GetBytes(hash), cancellationToken).ConfigureAwait(false);
            if (put != PutResult.Added && await ExistingAsync(client, store, id, submission, cancellationToken).ConfigureAwait(false))
            {
                return id;
            }
        }

        enginePlan = await PrepareAsync(enginePlan, submission.Plan!, cancellationToken).ConfigureAwait(false);
        await store.PutAsync(PlanKey(id), JsonSerializer.SerializeToUtf8Bytes(submission.Plan, Json), cancellationToken).ConfigureAwait(false);

        return await client.ScheduleNewOrchestrationInstanceAsync(
            nameof(ExecutePlanOrchestrator), enginePlan, new StartOrchestrationOptions { InstanceId = id }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ExecutionState?> GetAsync(string executionId, CancellationToken cancellationToken = default)
    {
        var client = await GetClientAsync(cancellationToken).ConfigureAwait(false);
        var metadata = await client.GetInstanceAsync(executionId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        return metadata is null ? null : await ToStateAsync(metadata, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ExecutionState?> TerminateAsync(string executionId, string? reason, CancellationToken cancellationToken = default)
    {
        var state = await GetAsync(executionId, cancellationToken).ConfigureAwait(false);
        if (state is null || RuntimeStatuses.IsEnded(state.RuntimeStatus))
        {
            return state;
        }

        var client = await GetClientAsync(cancellationToken).ConfigureAwait(false);
        await client.TerminateInstanceAsync(executionId, reason ?? "terminated through POST /api/execution/{id}/terminate", cancellationToken).ConfigureAwait(false);

        // Termination is asynchronous on a durable backend: give it a moment, then delete what the execution stored
        // (its variables and the API's plan) — nothing is left to read them.
        state = await WaitForAsync(executionId, s => RuntimeStatuses.IsEnded(s.RuntimeStatus), cancellationToken).ConfigureAwait(false);
        var store = await GetStoreAsync(cancellationToken).ConfigureAwait(false);
        await store.DeleteExecutionAsync(executionId, cancellationToken).ConfigureAwait(false);
        return state;
    }

    public async Task<ExecutionState?> SuspendAsync(string executionId, string? reason, CancellationToken cancellationToken = default)
    {
        var client = await GetClientAsync(cancellationToken).ConfigureAwait(false);
        await client.SuspendInstanceAsync(executionId, reason, cancellationToken).ConfigureAwait(false);
        return await WaitForAsync(executionId, s => s.RuntimeStatus is RuntimeStatuses.Suspended || RuntimeStatuses.IsEnded(s.RuntimeStatus), cancellationToken).ConfigureAwait(false);
    }

    public async Task<ExecutionState?> ResumeAsync(string executionId, string? reason, CancellationToken cancellationToken = default)
    {
        var client = await GetClientAsync(cancellationToken).ConfigureAwait(false);
        await client.ResumeInstanceAsync(executionId, reason, cancellationToken).ConfigureAwait(false);
        return await WaitForAsync(executionId, s => s.RuntimeStatus is not RuntimeStatuses.Suspended, cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> PurgeAsync(string executionId, CancellationToken cancellationToken = default)
    {
        var client = await GetClientAsync(cancellationToken).ConfigureAwait(false);
        if (await client.GetInstanceAsync(executionId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false) is null)
        {
            return false;
        }

        await client.PurgeInstanceAsync(executionId, cancellation: cancellationToken).ConfigureAwait(false);
        var store = await GetStoreAsync(cancellationToken).ConfigureAwait(false);
        await store.DeleteExecutionAsync(executionId, cancellationToken).ConfigureAwait(false);
        Forget(executionId);
        return true;
    }

    public async Task<ExecutionPage> ListAsync(ExecutionQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var client = await GetClientAsync(cancellationToken).ConfigureAwait(false);
        var statuses = query.RuntimeStatuses.Select(s => RuntimeStatuses.TryParse(s, out var status) ? status : throw new ArgumentException($"unknown runtime status '{s}'", nameof(query))).ToList();

        // Our token is the backend's page token plus how many of that page were already returned: the function filter
        // is applied here (every instance runs the same orchestrator), so a page of ours may end inside one of theirs.
        var (backendToken, skip) = ContinuationTokens.Read(query.ContinuationToken);
        var found = new List<ExecutionState>();
        while (true)
        {
            var filter = new OrchestrationQuery
            {
                CreatedFrom = query.CreatedFrom,
                CreatedTo = query.CreatedTo,
                Statuses = statuses.Count == 0 ? null : statuses,
                PageSize = Math.Max(query.Top, 1),
                ContinuationToken = backendToken,
                FetchInputsAndOutputs = true,
            };
            Page<OrchestrationMetadata>? page = null;
            await foreach (var p in client.GetAllInstancesAsync(filter).AsPages(backendToken, filter.PageSize).WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                page = p;
                break;
            }

            if (page is null)
            {
                return new ExecutionPage(found, null);
            }

            var values = page.Values;
            for (var i = skip; i < values.Count; i++)
            {
                var state = await ToStateAsync(values[i], cancellationToken).ConfigureAwait(false);
                if (query.Function is not null && !string.Equals(state.Function, query.Function, StringComparison.Ordinal))
                {
                    continue;
                }

                found.Add(state);
                if (found.Count == query.Top)
                {
                    var more = i + 1 < values.Count || !string.IsNullOrEmpty(page.ContinuationToken);
                    var next = i + 1 < values.Count ? ContinuationTokens.Write(backendToken, i + 1) : ContinuationTokens.Write(page.ContinuationToken, 0);
                    return new ExecutionPage(found, more ? next : null);
                }
            }

            if (string.IsNullOrEmpty(page.ContinuationToken))
            {
                return new ExecutionPage(found, null);
            }

            backendToken = page.ContinuationToken;
            skip = 0;
        }
    }

    /// <summary>The API's plan of an execution: as submitted when stored, else the units of the engine's plan.</summary>
    protected virtual async ValueTask<ApiPlan?> ReadPlanAsync(string executionId, EnginePlan? engine, CancellationToken cancellationToken)
    {
        var store = await GetStoreAsync(cancellationToken).ConfigureAwait(false);
        if (await store.TryGetAsync(PlanKey(executionId), cancellationToken).ConfigureAwait(false) is { } stored)
        {
            return JsonSerializer.Deserialize<ApiPlan>(stored.Span, Json);
        }

        return engine is null
            ? null
            : new ApiPlan("submitted", [.. engine.Units.Select(u => new PreviewUnit(u.Id, u.Segments, u.Region))], new ApiPlanCost(0, 0, 0), 0, 0);
    }

    /// <summary>Drops whatever the host keeps of a purged execution outside the store.</summary>
    protected virtual void Forget(string executionId)
    {
    }

    private async Task<ExecutionState> ToStateAsync(OrchestrationMetadata metadata, CancellationToken cancellationToken)
    {
        var engine = ReadInput(metadata);
        var plan = await ReadPlanAsync(metadata.InstanceId, engine, cancellationToken).ConfigureAwait(false);
        return EngineExecutionMapping.ToState(metadata.InstanceId, metadata, plan, engine, Environment);
    }

    /// <summary>True when an execution with this id exists and was started by the same request; a conflict when by another.</summary>
    private static async Task<bool> ExistingAsync(DurableTaskClient client, IStateStore store, string id, ExecutionSubmission submission, CancellationToken cancellationToken)
    {
        var stored = await store.TryGetAsync(RequestKey(id), cancellationToken).ConfigureAwait(false);
        var exists = stored is not null || await client.GetInstanceAsync(id, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false) is not null;
        if (!exists)
        {
            return false;
        }

        if (stored is { } digest && submission.RequestHash is { } hash && Encoding.UTF8.GetString(digest.Span) == hash)
        {
            return true;
        }

        throw new ExecutionConflictException(stored is null
            ? $"An execution with id '{id}' exists and its request is no longer kept: purge it (DELETE /api/execution/{id}) or choose another id."
            : $"An execution with id '{id}' was started by a different request: submit the same body to get it again, or choose another id.");
    }

    private async Task<ExecutionState?> WaitForAsync(string executionId, Func<ExecutionState, bool> done, CancellationToken cancellationToken)
    {
        var state = await GetAsync(executionId, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < 40 && state is not null && !done(state); i++)
        {
            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
            state = await GetAsync(executionId, cancellationToken).ConfigureAwait(false);
        }

        return state;
    }

    private static StateKey PlanKey(string executionId) => new(executionId, PlanVariable, PlanUnit);

    private static StateKey RequestKey(string executionId) => new(executionId, RequestVariable, PlanUnit);

    private static EnginePlan? ReadInput(OrchestrationMetadata metadata)
    {
        try
        {
            return metadata.ReadInputAs<EnginePlan>();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The list's continuation token: base64 of the backend's token and an offset into its page.</summary>
    private static class ContinuationTokens
    {
        public static string Write(string? backend, int skip)
            => Convert.ToBase64String(Encoding.UTF8.GetBytes(skip.ToString(CultureInfo.InvariantCulture) + ":" + (backend ?? string.Empty)));

        public static (string? Backend, int Skip) Read(string? token)
        {
            if (string.IsNullOrEmpty(token))
            {
                return (null, 0);
            }

            string text;
            try
            {
                text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            }
            catch (FormatException)
            {
                throw new ArgumentException("the continuation token is not one this API gave", nameof(token));
            }

            var colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || !int.TryParse(text.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var skip))
            {
                throw new ArgumentException("the continuation token is not one this API gave", nameof(token));
            }

            var backend = text[(colon + 1)..];
            return (backend.Length == 0 ? null : backend, skip);
        }
    }
}
