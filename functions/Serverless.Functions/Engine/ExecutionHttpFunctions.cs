using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Serverless.Contracts.Plans;
using Serverless.Orchestrations.Contracts;
using Serverless.Orchestrations.Orchestrators;

namespace Serverless.Functions.Engine;

/// <summary>
/// Starts an execution from a ready engine plan. Its status is served by the API's <c>GET /api/execution/{id}</c>
/// (<c>ExecutionStatus</c>); the planning front door is the API's <c>POST /api/execution/submit</c>.
/// </summary>
public static class ExecutionHttpFunctions
{
    [Function("StartExecutionPlan")]
    public static async Task<IActionResult> Start(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "execution/plan")] HttpRequest request,
        [DurableClient] DurableTaskClient client)
    {
        ExecutionPlan? plan;
        try
        {
            plan = await JsonSerializer.DeserializeAsync(request.Body, EngineJsonContext.Default.ExecutionPlan, request.HttpContext.RequestAborted);
        }
        catch (JsonException ex)
        {
            return Problem($"The body is not an execution plan: {ex.Message}");
        }

        var errors = plan is null ? ["the body is empty"] : ExecutionPlanValidator.Validate(plan);
        if (errors.Count > 0)
        {
            return Problem("The execution plan is invalid: " + string.Join("; ", errors));
        }

        var id = await client.ScheduleNewOrchestrationInstanceAsync(nameof(ExecutePlanOrchestrator), plan, new Microsoft.DurableTask.StartOrchestrationOptions { InstanceId = plan!.ExecutionId });
        return new AcceptedResult($"/api/execution/{id}", new { executionId = id });
    }

    private static BadRequestObjectResult Problem(string detail) =>
        new(new ProblemDetails { Status = 400, Title = "Invalid execution plan", Detail = detail });
}
