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
    private int _next;

    public bool Hold { get; set; }

    public IReadOnlyList<ExecutionSubmission> Submissions => [.. _executions.Values.Select(e => e.Submission)];

    public Task<string> SubmitAsync(ExecutionSubmission submission, CancellationToken cancellationToken = default)
    {
        var id = $"exec-{Interlocked.Increment(ref _next)}";
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
        if (state.Status == ExecutionStatuses.Pending)
        {
            state = state with { Status = ExecutionStatuses.Running };
        }
        else if (state.Status == ExecutionStatuses.Running && !Hold)
        {
            var a = e.Submission.Arguments.GetProperty("a").GetInt64();
            var b = e.Submission.Arguments.GetProperty("b").GetInt64();
            var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
            state = state with
            {
                Status = ExecutionStatuses.Completed,
                Result = JsonSerializer.SerializeToElement((a * a) + (b * b)),
                Cost = new PlanCost(0.002, 0.0001, 0.0021),
                Units = [.. state.Units.Select(u => u with { Instance = $"{u.Region}-0", Attempts = 1, Start = start, End = start.AddMilliseconds(5) })],
            };
        }

        _executions[executionId] = (e.Submission, state);
        return Task.FromResult<ExecutionState?>(state);
    }

    public Task<ExecutionState?> CancelAsync(string executionId, CancellationToken cancellationToken = default)
    {
        if (!_executions.TryGetValue(executionId, out var e))
        {
            return Task.FromResult<ExecutionState?>(null);
        }

        var state = ExecutionStatuses.IsFinal(e.State.Status) ? e.State : e.State with { Status = ExecutionStatuses.Canceled };
        _executions[executionId] = (e.Submission, state);
        return Task.FromResult<ExecutionState?>(state);
    }
}
