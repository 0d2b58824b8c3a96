using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Serverless.Azure.Configuration;
using Serverless.Functions.Market;
using Serverless.Contracts.Plans;
using Serverless.Planning;

namespace Serverless.Functions.Engine;

/// <summary>
/// The app's <c>Serverless:*</c> settings (docs/configuration.md): every section bound and validated at start-up
/// (<c>ValidateOnStart</c>), each failure naming the setting to fix as it is written in app settings.
/// </summary>
public static class ServerlessSettings
{
    /// <summary>Binds <see cref="ServerlessOptions"/>, <see cref="AdapterSettings"/>, <see cref="MarketSettings"/> and <see cref="DispatchSettings"/> with start-up validation.</summary>
    public static IServiceCollection AddServerlessSettings(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ServerlessOptions>()
            .Bind(configuration.GetSection(ServerlessOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ServerlessOptions>, ServerlessOptionsValidator>();
        services.AddOptions<AdapterSettings>()
            .Bind(configuration.GetSection(ServerlessOptions.Section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<AdapterSettings>, AdapterSettingsValidator>();
        services.AddOptions<MarketSettings>()
            .Bind(configuration.GetSection(MarketSettings.Section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<MarketSettings>, MarketSettingsValidator>();
        var hasProvisioner = HasProvisioner(configuration.GetSection(ServerlessOptions.Section));
        services.AddOptions<DispatchSettings>()
            .Bind(configuration.GetSection(DispatchSettings.Section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<DispatchSettings>>(new DispatchSettingsValidator(hasProvisioner));
        return services;
    }

    /// <summary>
    /// The regions the app plans over: the catalogue in <paramref name="regionsFile"/> (<c>Serverless__RegionsFile</c>,
    /// the environment JSON of <c>serverless run --regions</c>; a relative path is read from
    /// <paramref name="baseDirectory"/>, the app's folder) or the built-in one, restricted to <paramref name="regions"/>
    /// (comma-separated, <c>Serverless__Regions</c>) when set. An unreadable or invalid file, or a name the catalogue does
    /// not know, is refused, naming the setting.
    /// </summary>
    public static PlanEnvironment PlanEnvironmentFor(string? regions, string? regionsFile = null, string? baseDirectory = null)
    {
        var catalogue = Catalogue(regionsFile, baseDirectory ?? AppContext.BaseDirectory, out var problem);
        if (catalogue is null)
        {
            throw new InvalidOperationException(problem);
        }

        var names = Names(regions);
        if (names.Count == 0)
        {
            return catalogue;
        }

        if (UnknownRegionsProblem(names, catalogue) is { } unknown)
        {
            throw new InvalidOperationException(unknown);
        }

        return catalogue with { Regions = [.. catalogue.Regions.Where(r => names.Contains(r.Name, StringComparer.Ordinal))] };
    }

    /// <summary>The catalogue <c>Serverless__RegionsFile</c> names (the built-in one when it is empty), or null and why.</summary>
    internal static PlanEnvironment? Catalogue(string? regionsFile, string baseDirectory, out string? problem)
    {
        problem = null;
        if (string.IsNullOrWhiteSpace(regionsFile))
        {
            return PlanEnvironment.Default;
        }

        var path = Path.GetFullPath(regionsFile, baseDirectory);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            problem = $"Serverless__RegionsFile '{regionsFile}' cannot be read ({path}): {ex.Message} Name a regions JSON file ({RegionCatalogue.Shape}), relative to the app's folder, or leave it empty for the built-in regions.";
            return null;
        }

        var (environment, problems) = RegionCatalogue.Parse(text);
        if (environment is null)
        {
            problem = $"Serverless__RegionsFile '{regionsFile}': {string.Join("; ", problems)}";
        }

        return environment;
    }

    internal static List<string> Names(string? regions)
        => [.. (regions ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    internal static string? UnknownRegionsProblem(IReadOnlyCollection<string> names, PlanEnvironment catalogue)
    {
        var known = catalogue.Regions.Select(r => r.Name).ToList();
        var unknown = names.Where(n => !known.Contains(n, StringComparer.Ordinal)).Distinct(StringComparer.Ordinal).ToList();
        return unknown.Count == 0
            ? null
            : $"Serverless__Regions names {(unknown.Count == 1 ? "a region" : "regions")} the app does not know: {string.Join(", ", unknown)}. Known regions: {string.Join(", ", known)}; list only those (comma-separated), or add them to the catalogue of Serverless__RegionsFile.";
    }

    internal static List<string> AdapterProblems(AdapterSettings settings)
    {
        var problems = new List<string>();
        var bus = settings.Bus?.Trim().ToLowerInvariant();
        if (bus is not (null or "" or "storagequeue" or "servicebus" or "memory"))
        {
            problems.Add($"Serverless__Bus is '{settings.Bus}'; use storagequeue, servicebus or memory.");
        }

        if (bus == "servicebus" && string.IsNullOrWhiteSpace(settings.ServiceBusConnection) && string.IsNullOrWhiteSpace(settings.ServiceBusNamespace))
        {
            problems.Add("Serverless__Bus is servicebus but neither Serverless__ServiceBusConnection nor Serverless__ServiceBusNamespace is set; set one of them.");
        }

        if (!AdapterFactory.HasStorage(settings))
        {
            problems.Add("No storage is configured: set Serverless__StorageConnection (for example 'UseDevelopmentStorage=true' with Azurite) or Serverless__StorageAccountName (managed identity on Azure).");
        }

        if (settings.InlineLimitBytes is < 0 or > 1024 * 1024)
        {
            problems.Add($"Serverless__InlineLimitBytes is {settings.InlineLimitBytes}; use 0 to 1048576 bytes.");
        }

        return problems;
    }

    private sealed class AdapterSettingsValidator : IValidateOptions<AdapterSettings>
    {
        public ValidateOptionsResult Validate(string? name, AdapterSettings options)
        {
            var problems = AdapterProblems(options);
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }

    /// <summary>True when the ARM provisioner's settings are there (<c>Serverless__SubscriptionId</c> and <c>Serverless__ResourceGroup</c>).</summary>
    internal static bool HasProvisioner(IConfiguration serverless)
        => !string.IsNullOrWhiteSpace(serverless["SubscriptionId"]) && !string.IsNullOrWhiteSpace(serverless["ResourceGroup"]);

    private sealed class DispatchSettingsValidator(bool hasProvisioner) : IValidateOptions<DispatchSettings>
    {
        public ValidateOptionsResult Validate(string? name, DispatchSettings options)
        {
            var problems = options.Problems(hasProvisioner);
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }

    private sealed class MarketSettingsValidator : IValidateOptions<MarketSettings>
    {
        public ValidateOptionsResult Validate(string? name, MarketSettings options)
        {
            var problems = options.Problems();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
