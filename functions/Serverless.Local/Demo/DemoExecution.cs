using Serverless.Contracts.Plans;
using Serverless.Local.Engine;

namespace Serverless.Local.Demo;

/// <summary>One execution the demo ran: its plan, what the engine reported, when it started and its wall time.</summary>
internal sealed record DemoExecution(ExecutionPlan Plan, ExecutionOutcome Outcome, DateTimeOffset Started, double WallMs);
