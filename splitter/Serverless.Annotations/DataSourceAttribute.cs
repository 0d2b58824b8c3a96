using System;

namespace Serverless.Annotations;

/// <summary>
/// Where the data a method reads lives, e.g. <c>[DataSource("northeurope", Bytes = 200_000_000)]</c>: a segment of a
/// <see cref="SplitableAttribute"/> method that calls it is charged moving <see cref="Bytes"/> from
/// <see cref="Region"/> to its unit's region (egress and transfer time), so work moves to its data. A method that
/// reads from several places carries one attribute per place.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class DataSourceAttribute : Attribute
{
    private long _bytes;

    /// <summary>The data lives in <paramref name="region"/> (an Azure region name such as <c>northeurope</c>).</summary>
    /// <exception cref="ArgumentException">The region name is empty.</exception>
    public DataSourceAttribute(string region)
    {
        if (string.IsNullOrWhiteSpace(region))
        {
            throw new ArgumentException("DataSource needs the region where the data lives, e.g. [DataSource(\"northeurope\", Bytes = 200_000_000)].", nameof(region));
        }

        Region = region;
    }

    /// <summary>The region where the data lives.</summary>
    public string Region { get; }

    /// <summary>How many bytes one call reads from <see cref="Region"/>, 0 or more (default 0).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public long Bytes
    {
        get => _bytes;
        set
        {
            if (value < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(Bytes), value, "DataSource.Bytes must be 0 or more bytes.");
            }

            _bytes = value;
        }
    }
}
