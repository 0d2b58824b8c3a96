using System;

namespace Serverless.Annotations;

/// <summary>
/// Regions where a <see cref="SplitableAttribute"/> method's units should run, e.g. <c>[GeoPreference("westeurope")]</c>.
/// With <see cref="Strict"/> the regions are the only allowed ones; otherwise units outside them pay a penalty.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class GeoPreferenceAttribute : Attribute
{
    /// <summary>Prefers the given regions (Azure region names such as <c>westeurope</c>); at least one is required.</summary>
    /// <exception cref="ArgumentException">No region, or an empty region name.</exception>
    public GeoPreferenceAttribute(params string[] regions)
    {
        if (regions is null || regions.Length == 0)
        {
            throw new ArgumentException("GeoPreference needs at least one region name, e.g. [GeoPreference(\"westeurope\")].", nameof(regions));
        }

        foreach (var r in regions)
        {
            if (string.IsNullOrWhiteSpace(r))
            {
                throw new ArgumentException("GeoPreference region names must not be empty; use Azure region names such as \"westeurope\".", nameof(regions));
            }
        }

        Regions = (string[])regions.Clone();
    }

    /// <summary>The preferred regions, in the order given.</summary>
    public string[] Regions { get; }

    /// <summary>True: units may run only in <see cref="Regions"/>. False (default): other regions are allowed at a penalty.</summary>
    public bool Strict { get; set; }
}
