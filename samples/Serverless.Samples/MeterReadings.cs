using Serverless.Annotations;

namespace Serverless.Samples;

/// <summary>
/// The smart-meter datasets <see cref="EnergyReport"/> reads, where they live: a day of hourly readings of European
/// meters kept in northeurope (about 200 MB a day in the real store) and of American meters kept in eastus (about
/// 150 MB). Here each read generates the day's readings deterministically (kWh per meter and hour), so a split run
/// and a direct call see the same data.
/// </summary>
public static class MeterReadings
{
    /// <summary>Bytes one day of European readings takes in the store.</summary>
    public const long EuropeBytes = 200_000_000;

    /// <summary>Bytes one day of American readings takes in the store.</summary>
    public const long AmericaBytes = 150_000_000;

    /// <summary>Hourly readings (kWh) of <paramref name="meters"/> European meters on <paramref name="day"/>: [meter × 24 + hour].</summary>
    [DataSource("northeurope", Bytes = EuropeBytes)]
    public static double[] ReadEurope(int day, int meters) => Generate(day, meters, seed: 17, baseLoad: 0.35, peakHour: 19);

    /// <summary>Hourly readings (kWh) of <paramref name="meters"/> American meters on <paramref name="day"/>: [meter × 24 + hour].</summary>
    [DataSource("eastus", Bytes = AmericaBytes)]
    public static double[] ReadAmerica(int day, int meters) => Generate(day, meters, seed: 29, baseLoad: 0.55, peakHour: 17);

    private static double[] Generate(int day, int meters, int seed, double baseLoad, int peakHour)
    {
        if (meters < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(meters), meters, "meters must be 0 or more.");
        }

        var readings = new double[meters * 24];
        var state = (uint)((day * 7919) + seed) | 1u;
        for (var m = 0; m < meters; m++)
        {
            var household = 0.5 + ((m % 7) * 0.25);
            for (var h = 0; h < 24; h++)
            {
                // xorshift32: a fixed pseudo-random wiggle per reading.
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                var noise = (state % 1000) / 1000.0 * 0.2;
                var peak = Math.Exp(-((h - peakHour) * (h - peakHour)) / 8.0);
                readings[(m * 24) + h] = Math.Round(household * (baseLoad + peak + noise), 4);
            }
        }

        return readings;
    }
}
