using Serverless.Planning.Model;

namespace Serverless.Planning.Tests;

public class PlanPropertyTests
{
    [Fact]
    public void Plan_RandomRequests_SatisfyEveryConstraintAndReportTheirOwnFigures()
    {
        var rng = new Random(300);
        var planned = 0;
        for (var i = 0; i < 80; i++)
        {
            var n = 1 + rng.Next(i % 3 == 0 ? 60 : 12);
            var req = RandomInstances.Create(rng, n, new RandomInstances.Options(Regions: 2 + rng.Next(5)));
            Plan plan;
            try
            {
                plan = Planner.Plan(req);
            }
            catch (PlanningException ex)
            {
                // Unsatisfiable is allowed only with a message that names a constraint.
                Assert.Matches("timeoutSeconds|deadlineMs|no region can run", ex.Message);
                continue;
            }

            planned++;
            var geo = req.GeoPreference;
            var memory = req.MemoryMb ?? 1024;
            var regions = req.Regions!.ToDictionary(r => r.Name);

            // Every segment in exactly one unit.
            Assert.Equal(Enumerable.Range(0, n), plan.Units.SelectMany(u => u.Segments).Order());
            foreach (var unit in plan.Units)
            {
                var region = regions[unit.Region];
                Assert.True(geo is not { Strict: true } || geo.Regions.Contains(unit.Region), "strict geoPreference");
                Assert.True(region.MaxMemoryMb >= memory, "memory");
                Assert.True(region.AvailableInstances > 0, "instances");
                Assert.True(unit.DurationMs <= (req.TimeoutSeconds!.Value * 1000) + 1e-6, "timeout");
            }

            if (req.Objective?.DeadlineMs is { } deadline)
            {
                Assert.True(plan.MakespanMs <= deadline + 1e-6, "deadline");
            }

            var reference = ReferenceModel.Evaluate(req, plan);
            Assert.NotNull(reference); // acyclic
            Assert.True(reference.Feasible, string.Join(", ", reference.Why));
            Assert.Equal(reference.Compute, plan.Cost.Compute, 1e-12);
            Assert.Equal(reference.Transfer, plan.Cost.Transfer, 1e-12);
            Assert.Equal(reference.Compute + reference.Transfer, plan.Cost.Total, 1e-12);
            Assert.Equal(reference.MakespanMs, plan.MakespanMs, 6);
            Assert.Equal(reference.Objective, plan.Objective, 1e-12);
            Assert.Equal(reference.Penalty, plan.Penalty, 1e-12);
        }

        Assert.True(planned > 50);
    }

    [Fact]
    public void Plan_RandomRequests_AsJsonRoundTrip_GiveTheSamePlan()
    {
        var rng = new Random(301);
        for (var i = 0; i < 20; i++)
        {
            var req = RandomInstances.Create(rng, 1 + rng.Next(20), new RandomInstances.Options(Constraints: false));
            var json = System.Text.Json.JsonSerializer.Serialize(req, PlanningJsonContext.Default.PlanRequest);
            var back = System.Text.Json.JsonSerializer.Deserialize(json, PlanningJsonContext.Default.PlanRequest)!;
            Assert.Equal(
                System.Text.Json.JsonSerializer.Serialize(Planner.Plan(req), PlanningJsonContext.Default.Plan),
                System.Text.Json.JsonSerializer.Serialize(Planner.Plan(back), PlanningJsonContext.Default.Plan));
        }
    }
}
