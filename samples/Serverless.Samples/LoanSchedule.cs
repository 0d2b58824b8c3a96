using Serverless.Annotations;

namespace Serverless.Samples;

/// <summary>A loop with accumulators: the amortisation schedule of a fixed-rate loan, month by month.</summary>
public static partial class LoanSchedule
{
    [Splitable]
    [GeoPreference("westeurope", Strict = true)]
    public static LoanSummary Amortize(decimal principal, decimal annualRatePercent, int months)
    {
        if (months <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(months), "The term must be at least one month.");
        }

        var monthlyRate = annualRatePercent / 100m / 12m;
        var payment = monthlyRate == 0 ? principal / months : principal * monthlyRate / (1 - Pow(1 + monthlyRate, -months));
        payment = Math.Round(payment, 2);
        var balance = principal;
        var totalInterest = 0m;
        var rows = new List<LoanRow>();
        for (var month = 1; month <= months; month++)
        {
            var interest = Math.Round(balance * monthlyRate, 2);
            var paid = month == months ? balance + interest : payment;
            balance = balance + interest - paid;
            totalInterest += interest;
            rows.Add(new LoanRow(month, paid, interest, balance));
        }

        return new LoanSummary(payment, totalInterest, rows.Sum(r => r.Payment), rows);
    }

    private static decimal Pow(decimal value, int exponent)
    {
        var result = 1m;
        var n = Math.Abs(exponent);
        for (var i = 0; i < n; i++)
        {
            result *= value;
        }

        return exponent < 0 ? 1 / result : result;
    }
}
