using System.Text.Json;
using Serverless.Api.Planning;
using Serverless.Orchestrations.Contracts;
using Serverless.Planning.Model;
using Serverless.Splitting.Model;
using ApiPlan = Serverless.Api.Planning.ExecutionPlan;
using ApiPlanCost = Serverless.Api.Planning.PlanCost;
using EnginePlan = Serverless.Orchestrations.Contracts.ExecutionPlan;

namespace Serverless.Functions.Execution;

/// <summary>
/// The API's plan as the engine's plan and the measured cost of a finished run, through the shared
/// <see cref="ExecutionPlanBuilder"/> (the translator the embedded engine's service and `serverless run` use).
/// </summary>
internal static class EnginePlanConversion
{
    public static EnginePlan Build(PlanEnvironment environment, string executionId, SplitGraph graph, ApiPlan plan, JsonElement arguments, int memoryMb, int timeoutSeconds)
    {
        var ordered = plan.Units.OrderBy(u => u.Id).ToList();
        if (!ordered.Select(u => u.Id).SequenceEqual(Enumerable.Range(0, ordered.Count)))
        {
            throw new PlanningFailedException("unit ids must be 0, 1, 2, … in topological order");
        }

        var function = new FunctionGraph(
            graph.Function,
            [.. graph.Segments.Select(s => new GraphSegment(s.Id, s.Reads, s.Writes, s.Work, s.StartLine, s.EndLine))],
            [.. graph.Edges.Select(e => new GraphEdge(e.From, e.To, e.Kind, e.Variables))],
            [.. graph.Parameters.Select(p => new GraphParameter(p.Name, p.Type))],
            graph.ReturnType);
        try
        {
            return ExecutionPlanBuilder.Build(
                executionId,
                function,
                [.. ordered.Select(u => new UnitPlacement(u.Segments, u.Region))],
                arguments.ValueKind == JsonValueKind.Object ? arguments.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal) : null,
                memoryMb,
                timeoutSeconds,
                [.. environment.Regions.Select(r => r.Name)]);
        }
        catch (ArgumentException ex)
        {
            throw new PlanningFailedException(ex.Message);
        }
    }

    public static ApiPlanCost MeasuredCost(PlanEnvironment environment, EnginePlan plan, ExecutionResult output)
    {
        var cost = ExecutionPlanBuilder.MeasuredCost(plan, output, environment);
        return new ApiPlanCost(cost.Compute, cost.Transfer, cost.Total);
    }
}
