using System.ComponentModel.DataAnnotations;

namespace Serverless.Functions.Engine;

/// <summary>
/// <c>Serverless:*</c> settings: the app's role (<c>orchestrator</c>, <c>regional</c> or <c>all</c>) and, for a
/// regional app, the region whose work queue it consumes. Validated at start-up.
/// </summary>
public sealed class ServerlessOptions : IValidatableObject
{
    public const string Section = "Serverless";

    [Required(ErrorMessage = "Serverless__Role is empty; set orchestrator, regional or all.")]
    [RegularExpression("^(orchestrator|regional|all)$", ErrorMessage = "Serverless__Role must be orchestrator, regional or all.")]
    public string Role { get; set; } = "orchestrator";

    [RegularExpression("^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$", ErrorMessage = "Serverless__Region must be a region name: up to 40 lowercase letters, digits and '-' (e.g. westeurope).")]
    public string? Region { get; set; }

    /// <summary>The regions the app plans over (<c>Serverless__Regions</c>, comma-separated); empty: every region of the catalogue.</summary>
    public string? Regions { get; set; }

    /// <summary>
    /// The region catalogue (<c>Serverless__RegionsFile</c>): a regions JSON file as <c>serverless run --regions</c>
    /// reads, relative to the app's folder; empty: the built-in regions.
    /// </summary>
    public string? RegionsFile { get; set; }

    /// <summary>Minutes an execution's variables are kept after it ends (<c>Serverless__StateRetentionMinutes</c>; 0: removed at once).</summary>
    [Range(0, 525_600, ErrorMessage = "Serverless__StateRetentionMinutes must be 0 to 525600 minutes (a year).")]
    public int StateRetentionMinutes { get; set; } = 60;

    /// <summary>The storage queue completions travel on (<c>Serverless__CompletionQueue</c>; the queue trigger reads it too).</summary>
    [RegularExpression("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$", ErrorMessage = "Serverless__CompletionQueue must be a storage queue name: 3 to 63 lowercase letters, digits and single hyphens.")]
    public string CompletionQueue { get; set; } = Serverless.Contracts.Plans.QueueNames.Completions;

    [Range(1, 1024, ErrorMessage = "Serverless__WorkerConcurrency must be 1 to 1024.")]
    public int WorkerConcurrency { get; set; } = 16;

    public bool RunsWorker => Role is "regional" or "all";

    /// <summary>The app runs orchestrations (and the market's autoscaler).</summary>
    public bool RunsOrchestrator => Role is "orchestrator" or "all";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (RunsWorker && string.IsNullOrWhiteSpace(Region))
        {
            yield return new ValidationResult($"Serverless__Region is required when Serverless__Role is '{Role}': set it to the region this app serves (e.g. westeurope).", [nameof(Region)]);
        }

        if (ServerlessSettings.Catalogue(RegionsFile, AppContext.BaseDirectory, out var catalogueProblem) is not { } catalogue)
        {
            yield return new ValidationResult(catalogueProblem, [nameof(RegionsFile)]);
        }
        else if (ServerlessSettings.UnknownRegionsProblem(ServerlessSettings.Names(Regions), catalogue) is { } problem)
        {
            yield return new ValidationResult(problem, [nameof(Regions)]);
        }
    }
}
