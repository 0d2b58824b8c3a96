namespace Serverless.Samples;

/// <summary>One region's day of meter readings reduced to its load profile: total kWh, the hour of peak load, the mean per meter and the share of meters above twice that mean.</summary>
public sealed record LoadProfile(int Meters, double TotalKwh, int PeakHour, double PeakKwh, double MeanKwhPerMeter, double HeavyUserShare)
{
    /// <summary>The profile of hourly readings laid out as [meter × 24 + hour].</summary>
    public static LoadProfile Of(double[] readings)
    {
        ArgumentNullException.ThrowIfNull(readings);
        var meters = readings.Length / 24;
        var hourly = new double[24];
        var perMeter = new double[meters];
        for (var m = 0; m < meters; m++)
        {
            for (var h = 0; h < 24; h++)
            {
                var kwh = readings[(m * 24) + h];
                hourly[h] += kwh;
                perMeter[m] += kwh;
            }
        }

        var total = perMeter.Sum();
        var peakHour = 0;
        for (var h = 1; h < 24; h++)
        {
            if (hourly[h] > hourly[peakHour])
            {
                peakHour = h;
            }
        }

        var mean = meters == 0 ? 0 : total / meters;
        var heavy = meters == 0 ? 0 : perMeter.Count(x => x > 2 * mean) / (double)meters;
        return new LoadProfile(meters, Math.Round(total, 3), peakHour, Math.Round(hourly[peakHour], 3), Math.Round(mean, 4), Math.Round(heavy, 4));
    }
}
