using Serverless.Api.Http;
using Serverless.Api.Planning;

namespace Serverless.Api.Handlers;

/// <summary>Checks region names from a request against the syntax and the planner's configured regions.</summary>
public sealed class ConfiguredRegions
{
    private const int MaxRegions = 32;

    private readonly IPlanPreviewer _planner;

    public ConfiguredRegions(IPlanPreviewer planner) => _planner = planner;

    /// <summary>A non-empty list of known regions, each once; <paramref name="field"/> names the list. With
    /// <paramref name="configuredOnly"/> false a well-formed region outside the configured ones is allowed (deploying
    /// is how a new region is added).</summary>
    public List<string> RequireList(IReadOnlyList<string?> values, string field, bool configuredOnly = true)
    {
        if (values.Count > MaxRegions)
        {
            throw ApiProblemException.Invalid($"'{field}' lists more than {MaxRegions} regions.", field);
        }

        var regions = new List<string>();
        for (var i = 0; i < values.Count; i++)
        {
            var itemField = $"{field}[{i}]";
            var region = values[i] ?? throw ApiProblemException.BadRequest($"Member '{itemField}' must be a string, not null.", itemField);
            RequireKnown(region, itemField, configuredOnly);
            if (regions.Contains(region))
            {
                throw ApiProblemException.Invalid($"'{itemField}' repeats region {Identifiers.Quote(region)}; list each region once.", itemField);
            }

            regions.Add(region);
        }

        return regions.Count == 0
            ? throw ApiProblemException.Invalid($"'{field}' must list at least one region; known regions: {string.Join(", ", _planner.Regions)}.", field)
            : regions;
    }

    /// <summary>A region name that is well formed and (with <paramref name="configuredOnly"/>) configured; 422 naming
    /// <paramref name="field"/> otherwise.</summary>
    public void RequireKnown(string? region, string field, bool configuredOnly = true)
    {
        if (!Identifiers.IsRegion(region))
        {
            throw ApiProblemException.Invalid($"'{field}' {Identifiers.Quote(region)} is not a region name (lowercase letters, digits and '-', up to 40).", field);
        }

        if (configuredOnly && !_planner.Regions.Contains(region!))
        {
            throw ApiProblemException.Invalid($"'{field}' {Identifiers.Quote(region)} is not a configured region; known regions: {string.Join(", ", _planner.Regions)}.", field);
        }
    }
}
