using Serverless.Contracts.Plans;
using Serverless.Orchestrations.Contracts;

namespace Serverless.Orchestrations.Tests.Engine;

public sealed class ExecutionPlanValidatorTests
{
    private static ExecutionPlan Plan(params PlanUnit[] units) => new() { ExecutionId = "e", FunctionId = "f", Units = units };

    [Fact]
    public void Validate_TopologicalChain_NoErrors()
    {
        var random = new Random(3);
        for (var n = 1; n < 40; n++)
        {
            var units = Enumerable.Range(0, n).Select(i => new PlanUnit { Id = i, Segments = [i], Region = "r", DependsOn = i == 0 ? [] : [random.Next(0, i)] }).ToArray();
            Assert.Empty(ExecutionPlanValidator.Validate(Plan(units)));
        }
    }

    [Fact]
    public void Validate_DependencyOnLaterUnit_NamesTheUnit()
    {
        var errors = ExecutionPlanValidator.Validate(Plan(
            new PlanUnit { Id = 0, Segments = [0], Region = "r", DependsOn = [1] },
            new PlanUnit { Id = 1, Segments = [1], Region = "r" }));

        Assert.Contains(errors, e => e.Contains("unit 0 depends on unit 1", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_InputFromUnlistedProducer_NamesVariable()
    {
        var errors = ExecutionPlanValidator.Validate(Plan(
            new PlanUnit { Id = 0, Segments = [0], Region = "r" },
            new PlanUnit { Id = 1, Segments = [1], Region = "r", Inputs = [new UnitInput("total", 0)] }));

        Assert.Contains(errors, e => e.Contains("'total'", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_EmptyAndBadFields_AreEachReported()
    {
        var errors = ExecutionPlanValidator.Validate(new ExecutionPlan
        {
            ExecutionId = "",
            FunctionId = "f",
            Units = [new PlanUnit { Id = 0, Segments = [], Region = "", TimeoutSeconds = 0 }, new PlanUnit { Id = 0, Segments = [1], Region = "r" }],
            Options = new ExecutionOptions { MaxAttempts = 0 },
        });

        Assert.Contains(errors, e => e.Contains("executionId", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("segments is empty", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("region is empty", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("timeoutSeconds", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("appears twice", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("maxAttempts", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_NegativeReplanOptions_AreEachNamed()
    {
        var plan = Plan(new PlanUnit { Id = 0, Segments = [0], Region = "r" }) with
        {
            Options = new ExecutionOptions { ReplanAfterCapacityWaits = -1, ReplanSlackFloorMs = double.NaN, ReplanSlackFraction = -0.5 },
        };

        var errors = ExecutionPlanValidator.Validate(plan);

        Assert.Contains(errors, e => e.Contains("options.replanAfterCapacityWaits is -1", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("options.replanSlackFloorMs", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("options.replanSlackFraction", StringComparison.Ordinal));
        Assert.Empty(ExecutionPlanValidator.Validate(plan with { Options = new ExecutionOptions { ReplanAfterCapacityWaits = 0, ReplanSlackFloorMs = 0, ReplanSlackFraction = 0 } }));
    }
}
