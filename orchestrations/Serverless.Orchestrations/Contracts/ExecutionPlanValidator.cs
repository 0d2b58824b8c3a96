using Serverless.Contracts.Plans;

namespace Serverless.Orchestrations.Contracts;

/// <summary>Checks an <see cref="ExecutionPlan"/> before it runs; every problem is named with the unit and field.</summary>
public static class ExecutionPlanValidator
{
    public static IReadOnlyList<string> Validate(ExecutionPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var errors = new List<string>();
        if (plan.Version < 1 || plan.Version > ExecutionPlan.CurrentVersion)
        {
            errors.Add($"version is {plan.Version}; this engine runs plan versions 1 to {ExecutionPlan.CurrentVersion} (omit it for 1, or deploy the engine that introduced version {plan.Version})");
        }

        if (string.IsNullOrWhiteSpace(plan.ExecutionId))
        {
            errors.Add("executionId is empty");
        }

        if (string.IsNullOrWhiteSpace(plan.FunctionId))
        {
            errors.Add("functionId is empty");
        }

        if (plan.Units is null || plan.Units.Count == 0)
        {
            errors.Add("units is empty: a plan needs at least one unit");
            return errors;
        }

        if (plan.Options.MaxAttempts < 1)
        {
            errors.Add($"options.maxAttempts is {plan.Options.MaxAttempts}; it must be at least 1");
        }

        if (plan.Options.MaxCompletionsPerGeneration < 1)
        {
            errors.Add($"options.maxCompletionsPerGeneration is {plan.Options.MaxCompletionsPerGeneration}; it must be at least 1");
        }

        if (plan.Options.ReplanAfterCapacityWaits is < 0)
        {
            errors.Add($"options.replanAfterCapacityWaits is {plan.Options.ReplanAfterCapacityWaits}; it must be 0 or more");
        }

        if (plan.Options.ReplanSlackFloorMs is { } floor && !(floor >= 0 && double.IsFinite(floor)))
        {
            errors.Add($"options.replanSlackFloorMs is {floor}; it must be a finite number of ms, 0 or more");
        }

        if (plan.Options.ReplanSlackFraction is { } fraction && !(fraction >= 0 && double.IsFinite(fraction)))
        {
            errors.Add($"options.replanSlackFraction is {fraction}; it must be a finite number, 0 or more");
        }

        var seen = new HashSet<int>();
        foreach (var unit in plan.Units)
        {
            if (!seen.Add(unit.Id))
            {
                errors.Add($"unit {unit.Id} appears twice");
            }

            if (unit.Segments is null || unit.Segments.Count == 0)
            {
                errors.Add($"unit {unit.Id}: segments is empty");
            }

            if (string.IsNullOrWhiteSpace(unit.Region))
            {
                errors.Add($"unit {unit.Id}: region is empty");
            }

            if (unit.TimeoutSeconds <= 0)
            {
                errors.Add($"unit {unit.Id}: timeoutSeconds is {unit.TimeoutSeconds}; it must be positive");
            }

            // Units are in topological order: a unit depends only on units listed before it.
            foreach (var dep in unit.DependsOn.Concat(unit.ControlDependsOn))
            {
                if (!seen.Contains(dep) || dep == unit.Id)
                {
                    errors.Add($"unit {unit.Id} depends on unit {dep}, which is not listed before it (units must be in topological order)");
                }
            }

            foreach (var input in unit.Inputs)
            {
                if (input.ProducerUnit is { } p && !unit.DependsOn.Contains(p))
                {
                    errors.Add($"unit {unit.Id} reads '{input.Variable}' from unit {p} but does not list it in dependsOn");
                }
            }
        }

        return errors;
    }
}
