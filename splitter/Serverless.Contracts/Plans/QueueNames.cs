namespace Serverless.Contracts.Plans;

/// <summary>Queue names of the engine: one work queue per region, one completion queue for the orchestrator app.</summary>
public static class QueueNames
{
    public const string Completions = "completions";

    public static string Work(string region) => "work-" + region;
}
