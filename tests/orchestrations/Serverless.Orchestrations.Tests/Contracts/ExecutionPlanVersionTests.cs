using System.Text.Json;
using Serverless.Contracts.Plans;
using Serverless.Orchestrations.Contracts;
using Serverless.Planning.Model;

namespace Serverless.Orchestrations.Tests.Contracts;

/// <summary>The plan contract's version: absent means 1, new plans are built at the current version, and a version
/// this engine does not know is refused by name before anything runs.</summary>
public sealed class ExecutionPlanVersionTests
{
    private static ExecutionPlan Plan(int version) => new()
    {
        Version = version,
        ExecutionId = "e",
        FunctionId = "f",
        Units = [new PlanUnit { Id = 0, Segments = [0], Region = "r" }],
    };

    [Fact]
    public void Json_WithoutVersion_ReadsAsVersionOne()
    {
        var json = JsonSerializer.Serialize(Plan(ExecutionPlan.CurrentVersion));
        using var doc = JsonDocument.Parse(json);
        var withoutVersion = "{" + string.Join(",", doc.RootElement.EnumerateObject().Where(p => p.Name != "Version").Select(p => JsonSerializer.Serialize(p.Name) + ":" + p.Value.GetRawText())) + "}";

        Assert.DoesNotContain("\"Version\"", withoutVersion, StringComparison.Ordinal);
        Assert.Equal(1, JsonSerializer.Deserialize<ExecutionPlan>(withoutVersion)!.Version);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(ExecutionPlan.CurrentVersion)]
    public void Json_RoundTrip_KeepsTheVersion(int version)
    {
        var back = JsonSerializer.Deserialize<ExecutionPlan>(JsonSerializer.Serialize(Plan(version)))!;

        Assert.Equal(version, back.Version);
    }

    [Fact]
    public void Builder_BuildsAtTheCurrentVersion()
    {
        var graph = new FunctionGraph("F", [new GraphSegment(0, ["a"], [], 1)], [], [new GraphParameter("a", "int")]);

        var plan = ExecutionPlanBuilder.Build("x", graph, [new([0], "westeurope")], null, 512, 30, ["westeurope"]);

        Assert.Equal(ExecutionPlan.CurrentVersion, plan.Version);
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(ExecutionPlan.CurrentVersion, true)]
    [InlineData(0, false)]
    [InlineData(-1, false)]
    [InlineData(ExecutionPlan.CurrentVersion + 1, false)]
    public void Validator_AcceptsExactlyTheKnownVersions(int version, bool valid)
    {
        var errors = ExecutionPlanValidator.Validate(Plan(version));

        if (valid)
        {
            Assert.Empty(errors);
        }
        else
        {
            var error = Assert.Single(errors);
            Assert.Contains($"version is {version}", error, StringComparison.Ordinal);
            Assert.Contains($"1 to {ExecutionPlan.CurrentVersion}", error, StringComparison.Ordinal);
        }
    }
}
