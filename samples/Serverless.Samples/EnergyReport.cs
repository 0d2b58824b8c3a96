using Serverless.Annotations;

namespace Serverless.Samples;

/// <summary>
/// Data gravity: a day's load profiles of European and American smart meters, whose readings live in northeurope
/// and eastus (<see cref="MeterReadings"/>, marked <c>[DataSource]</c>). Each region's readings are read and reduced
/// where they live and only the small profiles travel, so the best split follows the data, not the price.
/// </summary>
public static partial class EnergyReport
{
    /// <summary>The load profiles of <paramref name="meters"/> meters per continent on <paramref name="day"/>, and their comparison.</summary>
    [Splitable]
    public static EnergyComparison Compare(int day, int meters)
    {
        var europeReadings = MeterReadings.ReadEurope(day, meters);
        var europe = LoadProfile.Of(europeReadings);
        var americaReadings = MeterReadings.ReadAmerica(day, meters);
        var america = LoadProfile.Of(americaReadings);
        var ratio = europe.TotalKwh == 0 ? 0 : Math.Round(america.TotalKwh / europe.TotalKwh, 4);
        return new EnergyComparison(day, europe, america, ratio, Math.Abs(europe.PeakHour - america.PeakHour));
    }
}
