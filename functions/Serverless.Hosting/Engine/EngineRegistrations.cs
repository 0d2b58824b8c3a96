using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Contracts.Plans;
using Serverless.Orchestrations.Activities;
using Serverless.Orchestrations.Contracts;
using Serverless.Orchestrations.Market;
using Serverless.Orchestrations.Orchestrators;
using Serverless.Orchestrations.Ports;
using Serverless.Orchestrations.Profiles;

namespace Serverless.Local.Engine;

/// <summary>
/// What every local engine host registers, whatever its durable backend: the orchestrators and activities of an
/// execution, the services they use, and how a plan is prepared before it is scheduled.
/// </summary>
public static class EngineRegistrations
{
    public static void AddTasks(DurableTaskRegistry registry, IComputeMarket market, EmbeddedEngineOptions options)
    {
        registry.AddOrchestrator(nameof(ExecutePlanOrchestrator), () => new ExecutePlanOrchestrator(new TracingComputeMarket(market)));
        registry.AddOrchestrator<CleanupExecutionOrchestrator>();
        registry.AddActivity<StoreArgumentsActivity>();
        registry.AddActivity<DispatchUnitsActivity>();
        registry.AddActivity<ReadResultActivity>();
        registry.AddActivity<CleanupExecutionActivity>();
        registry.AddActivity<RecordProfilesActivity>();
        registry.AddActivity<ReplanActivity>();
        options.ConfigureTasks?.Invoke(registry);
    }

    public static void AddServices(IServiceCollection services, IStateStore store, IMessageBus bus, IComputeMarket market, EmbeddedEngineOptions options)
    {
        services.AddSingleton(store);
        services.AddSingleton(bus);
        services.AddSingleton(market);
        services.AddSingleton<ProfileStore>();
        options.ConfigureServices?.Invoke(services);
    }

    /// <summary>
    /// Validates the plan (an invalid one is an argument error naming every problem) and, unless the plan says
    /// otherwise, turns the per-unit deadline timers off (see <see cref="ExecutionOptions.DeadlineTimers"/>: the
    /// in-process backends hold an orchestration's completion until every timer has fired).
    /// </summary>
    public static ExecutionPlan Prepare(ExecutionPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var errors = ExecutionPlanValidator.Validate(plan);
        if (errors.Count > 0)
        {
            throw new ArgumentException("The execution plan is invalid: " + string.Join("; ", errors), nameof(plan));
        }

        return plan.Options.DeadlineTimers is null
            ? plan with { Options = plan.Options with { DeadlineTimers = false } }
            : plan;
    }
}
