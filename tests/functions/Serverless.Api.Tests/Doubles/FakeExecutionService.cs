using System.Collections.Concurrent;
using System.Text.Json;
using Serverless.Api.Execution;
using Serverless.Api.Planning;
using Serverless.Contracts.Plans;

namespace Serverless.Api.Tests.Doubles;

/// <summary>
/// An execution service double: keeps submissions, reports "running" on the first poll and the computed result after
/// (sum of squares only), unless <see cref="Hold"/> keeps executions running.
/// </summary>
public sealed class FakeExecutionService : IExecutionService
{
    private readonly ConcurrentDictionary<string, (ExecutionSubmission Submission, ExecutionState State)> _executions = new();
    private readonly List<string> _order = [];
    private int _next;

    public bool Hold { get; set; }

    public IReadOnlyList<ExecutionSubmission> Submissions => [.. _executions.Values.Select(e => e.Submission)];

    public Task<string> SubmitAsync(ExecutionSubmission submission, CancellationToken cancellationToken = default)
    {
        if (submission.Id is { } given && _executions.TryGetValue(given, out var existing))
        {
            return existing.Submission.RequestHash == submission.RequestHash
                ? Task.FromResult(given)
                : throw new ExecutionConflictException($"An execution with id '{given}' was started by a different request.");
        }

        var id = submission.Id ?? $"exec-{Interlocked.Increment(ref _next)}";
        lock (_order)
        {
            _order.Add(id);
        }

        var units = (submission.Plan?.Units ?? []).Select(u => new UnitTimelineEntry(u.Id, u.Segments, u.Region, null, 0, null, null)).ToList();
        _executions[id] = (submission, new ExecutionState(id, submission.FunctionId, ExecutionStatuses.Pending, submission.Plan, units, null, null, null));
        return Task.FromResult(id);
    }

    public Task<ExecutionState?> GetAsync(string executionId, CancellationToken cancellationToken = default)
    {
        if (!_executions.TryGetValue(executionId, out var e))
        {
            return Task.FromResult<ExecutionState?>(null);
        }

        var state = e.State;
        if (state.RuntimeStatus == RuntimeStatuses.Suspended)
        {
            return Task.FromResult<ExecutionState?>(state);
        }

        if (state.Status == ExecutionStatuses.Pending)
        {
            state = state with { Status = ExecutionStatuses.Running, RuntimeStatus = RuntimeStatuses.Running };
        }
        else if (state.Status == ExecutionStatuses.Running && !Hold)
        {
            var a = e.Submission.Arguments.GetProperty("a").GetInt64();
            var b = e.Submission.Arguments.GetProperty("b").GetInt64();
            var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
            state = state with
            {
                Status = ExecutionStatuses.Completed,
                RuntimeStatus = RuntimeStatuses.Completed,
                Result = JsonSerializer.SerializeToElement((a * a) + (b * b)),
                Cost = new PlanCost(0.002, 0.0001, 0.0021),
                Units = [.. state.Units.Select(u => u with { Instance = $"{u.Region}-0", Attempts = 1, Start = start, End = start.AddMilliseconds(5) })],
            };
        }

        _executions[executionId] = (e.Submission, state);
        return Task.FromResult<ExecutionState?>(state);
    }

    /// <summary>Ids of the executions whose state was deleted (terminate or purge).</summary>
    public List<string> Cleaned { get; } = [];

    public Task<ExecutionState?> TerminateAsync(string executionId, string? reason, CancellationToken cancellationToken = default)
        => Change(executionId, s => ExecutionStatuses.IsFinal(s.Status) ? s : s with { Status = ExecutionStatuses.Canceled, RuntimeStatus = RuntimeStatuses.Terminated, CustomStatus = Reason(reason) }, clean: true);

    public Task<ExecutionState?> SuspendAsync(string executionId, string? reason, CancellationToken cancellationToken = default)
        => Change(executionId, s => ExecutionStatuses.IsFinal(s.Status) ? s : s with { RuntimeStatus = RuntimeStatuses.Suspended, CustomStatus = Reason(reason) });

    public Task<ExecutionState?> ResumeAsync(string executionId, string? reason, CancellationToken cancellationToken = default)
        => Change(executionId, s => s.RuntimeStatus == RuntimeStatuses.Suspended ? s with { RuntimeStatus = RuntimeStatuses.FromStatus(s.Status), CustomStatus = Reason(reason) } : s);

    public Task<bool> PurgeAsync(string executionId, CancellationToken cancellationToken = default)
    {
        var removed = _executions.TryRemove(executionId, out _);
        if (removed)
        {
            Cleaned.Add(executionId);
        }

        return Task.FromResult(removed);
    }

    /// <summary>Every execution in submission order, filtered; the token is the index of the next one.</summary>
    public Task<ExecutionPage> ListAsync(ExecutionQuery query, CancellationToken cancellationToken = default)
    {
        List<string> order;
        lock (_order)
        {
            order = [.. _order];
        }

        var all = _executions.Values.Select(e => e.State)
            .Where(s => query.RuntimeStatuses.Count == 0 || query.RuntimeStatuses.Contains(s.RuntimeStatus))
            .Where(s => query.Function is null || s.Function == query.Function)
            .OrderBy(s => order.IndexOf(s.Id))
            .ToList();
        var start = query.ContinuationToken is null ? 0 : int.Parse(query.ContinuationToken, System.Globalization.CultureInfo.InvariantCulture);
        var page = all.Skip(start).Take(query.Top).ToList();
        var next = start + page.Count < all.Count ? (start + page.Count).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        return Task.FromResult(new ExecutionPage(page, next));
    }

    private static JsonElement? Reason(string? reason) => reason is null ? null : JsonSerializer.SerializeToElement(new { reason });

    private Task<ExecutionState?> Change(string executionId, Func<ExecutionState, ExecutionState> change, bool clean = false)
    {
        if (!_executions.TryGetValue(executionId, out var e))
        {
            return Task.FromResult<ExecutionState?>(null);
        }

        var state = change(e.State);
        _executions[executionId] = (e.Submission, state);
        if (clean)
        {
            Cleaned.Add(executionId);
        }

        return Task.FromResult<ExecutionState?>(state);
    }
}
