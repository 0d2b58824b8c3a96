using System.ComponentModel.DataAnnotations;

namespace Serverless.Functions.Engine;

/// <summary>
/// <c>Serverless:*</c> settings: the app's role (<c>orchestrator</c>, <c>regional</c> or <c>all</c>) and, for a
/// regional app, the region whose work queue it consumes. Validated at start-up.
/// </summary>
public sealed class ServerlessOptions : IValidatableObject
{
    public const string Section = "Serverless";

    [Required]
    [RegularExpression("^(orchestrator|regional|all)$", ErrorMessage = "Serverless:Role must be orchestrator, regional or all.")]
    public string Role { get; set; } = "orchestrator";

    public string? Region { get; set; }

    /// <summary>The storage queue completions travel on (<c>Serverless__CompletionQueue</c>; the queue trigger reads it too).</summary>
    [RegularExpression("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$", ErrorMessage = "Serverless:CompletionQueue must be a storage queue name: 3 to 63 lowercase letters, digits and single hyphens.")]
    public string CompletionQueue { get; set; } = Serverless.Contracts.Plans.QueueNames.Completions;

    [Range(1, 1024)]
    public int WorkerConcurrency { get; set; } = 16;

    public bool RunsWorker => Role is "regional" or "all";

    /// <summary>The app runs orchestrations (and the market's autoscaler).</summary>
    public bool RunsOrchestrator => Role is "orchestrator" or "all";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (RunsWorker && string.IsNullOrWhiteSpace(Region))
        {
            yield return new ValidationResult($"Serverless:Region is required when Serverless:Role is '{Role}': set Serverless__Region to the region this app serves (e.g. westeurope).", [nameof(Region)]);
        }
    }
}
