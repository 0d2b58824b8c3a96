using Serverless.Orchestrations.Dispatch;

namespace Serverless.Functions.Engine;

/// <summary>
/// <c>Serverless:Dispatch:*</c>: what the dispatch activity does with a unit whose virtual function is not in the
/// function registry for its region at the running package version (<see cref="UndeployedUnits"/>).
/// </summary>
public sealed class DispatchSettings
{
    public const string Section = "Serverless:Dispatch";

    /// <summary><c>dispatch</c> (no check), <c>fail</c> or <c>deploy</c>; unset or empty is <c>deploy</c> where the app
    /// has the ARM provisioner, else <c>fail</c> (<see cref="DeploymentCheck.DefaultFor"/>).</summary>
    public string? Undeployed { get; set; }

    /// <summary>What is wrong with these settings, each naming the setting; empty when valid.</summary>
    public List<string> Problems(bool hasProvisioner)
    {
        var problems = new List<string>();
        var mode = DeploymentCheck.Resolve(Undeployed, hasProvisioner, out var problem);
        if (mode is null)
        {
            problems.Add(problem!);
        }
        else if (mode == UndeployedUnits.Deploy && !hasProvisioner)
        {
            problems.Add("Serverless__Dispatch__Undeployed is deploy, but the app has no provisioner to deploy with: set Serverless__SubscriptionId and Serverless__ResourceGroup, or use fail or dispatch.");
        }

        return problems;
    }
}
