using Serverless.Samples;

namespace Serverless.Samples.Tests;

public sealed class DocumentPipelineTests
{
    [Fact]
    public void Summarize_KnownText_CountsWordsSentencesAndKeywords()
    {
        var summary = DocumentPipeline.Summarize(" Report ", "Azure regions differ. Azure prices differ! Plans pick regions.", 2);

        Assert.Equal("Report", summary.Title);
        Assert.Equal(9, summary.WordCount);
        Assert.Equal(3, summary.SentenceCount);
        Assert.Equal(["azure", "differ"], summary.Keywords);
    }

    [Fact]
    public void Summarize_RandomWords_WordCountMatchesAndKeywordsAreLongFrequentWords()
    {
        var random = new Random(11);
        string[] vocabulary = ["cat", "horse", "zebra", "ox", "camel"];
        for (var i = 0; i < 50; i++)
        {
            var words = Enumerable.Range(0, random.Next(0, 60)).Select(_ => vocabulary[random.Next(vocabulary.Length)]).ToList();
            var summary = DocumentPipeline.Summarize("t", string.Join(' ', words), 5);
            Assert.Equal(words.Count, summary.WordCount);
            Assert.All(summary.Keywords, k => Assert.True(k.Length > 3));
            Assert.Equal(words.Where(w => w.Length > 3).Distinct().Count(), summary.Keywords.Count);
            for (var k = 1; k < summary.Keywords.Count; k++)
            {
                Assert.True(words.Count(w => w == summary.Keywords[k - 1]) >= words.Count(w => w == summary.Keywords[k]));
            }
        }
    }
}

public sealed class ImagePipelineTests
{
    [Fact]
    public void Process_ThresholdZero_AllPixelsBright()
    {
        var report = ImagePipeline.Process(16, 8, 3, 0);
        Assert.Equal(16 * 8, report.BrightPixels);
        Assert.Equal(16 * 8, report.Histogram.Sum());
        Assert.Equal(4 * 2, report.ThumbnailPixels);
    }

    [Fact]
    public void Process_HigherThreshold_NeverMoreBrightPixels()
    {
        var random = new Random(5);
        for (var i = 0; i < 30; i++)
        {
            int w = random.Next(1, 30), h = random.Next(1, 30), seed = random.Next(), t = random.Next(0, 255);
            var low = ImagePipeline.Process(w, h, seed, t);
            var high = ImagePipeline.Process(w, h, seed, t + 1);
            Assert.True(high.BrightPixels <= low.BrightPixels);
            Assert.InRange(low.EdgeRatio, 0, 1);
        }
    }

    [Fact]
    public void Process_NonPositiveSize_ThrowsArgumentOutOfRange()
        => Assert.Throws<ArgumentOutOfRangeException>(() => ImagePipeline.Process(0, 4, 1, 10));
}

public sealed class RiskAnalysisTests
{
    [Fact]
    public void Assess_ConstantReturns_ZeroVolatilityAndNoDrawdown()
    {
        var summary = RiskAnalysis.Assess([0.01, 0.01, 0.01, 0.01], 0.95, 100);
        Assert.Equal(0.01, summary.Mean, 9);
        Assert.Equal(0, summary.Volatility, 9);
        Assert.Equal(0, summary.MaxDrawdown, 9);
        Assert.Equal(-0.01, summary.ValueAtRisk, 9);
    }

    [Fact]
    public void Assess_SingleLoss_DrawdownEqualsLoss()
    {
        var summary = RiskAnalysis.Assess([0.1, -0.2, 0.05], 0.95, 0);
        Assert.Equal(0.2, summary.MaxDrawdown, 9);
        Assert.Equal(0, summary.ExpectedSimulatedLoss);
    }

    [Fact]
    public void Assess_Empty_ThrowsArgumentException()
        => Assert.Throws<ArgumentException>(() => RiskAnalysis.Assess([], 0.95, 10));
}

public sealed class LoanScheduleTests
{
    [Fact]
    public void Amortize_RandomLoans_BalanceEndsAtZeroAndTotalsAddUp()
    {
        var random = new Random(3);
        for (var i = 0; i < 40; i++)
        {
            var principal = random.Next(1000, 500000);
            var rate = random.Next(0, 150) / 10m;
            var months = random.Next(1, 360);
            var summary = LoanSchedule.Amortize(principal, rate, months);
            Assert.Equal(months, summary.Rows.Count);
            Assert.Equal(0m, summary.Rows[^1].Balance);
            Assert.Equal(principal + summary.TotalInterest, summary.TotalPaid);
        }
    }

    [Fact]
    public void Amortize_ZeroRate_EqualPayments()
    {
        var summary = LoanSchedule.Amortize(1200, 0, 12);
        Assert.Equal(100m, summary.MonthlyPayment);
        Assert.Equal(0m, summary.TotalInterest);
    }

    [Fact]
    public void Amortize_NoMonths_Throws()
        => Assert.Throws<ArgumentOutOfRangeException>(() => LoanSchedule.Amortize(1000, 5, 0));
}

public sealed class OrderValidationTests
{
    private static Order Order(string? coupon, params (int Quantity, decimal Price)[] lines)
        => new([.. lines.Select((l, i) => new OrderLine("s" + i, l.Quantity, l.Price))], coupon);

    [Fact]
    public void Validate_NoLines_RejectedEarly() => Assert.Equal("The order has no lines.", OrderValidation.Validate(Order(null), 5).Reason);

    [Fact]
    public void Validate_NotEnoughStock_Rejected()
    {
        var decision = OrderValidation.Validate(Order(null, (3, 10m), (4, 1m)), 6);
        Assert.False(decision.Accepted);
        Assert.Contains("Only 6 items in stock, 7 ordered", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TenOffOverHundred_FreeShipping()
    {
        var decision = OrderValidation.Validate(Order("TENOFF", (2, 60m)), 10);
        Assert.True(decision.Accepted);
        Assert.Equal(108m, decision.Total);
    }

    [Fact]
    public void Validate_SmallOrder_AddsShipping() => Assert.Equal(14.95m, OrderValidation.Validate(Order(null, (1, 10m)), 10).Total);

    [Fact]
    public void Validate_UnknownCoupon_Throws() => Assert.Throws<ArgumentException>(() => OrderValidation.Validate(Order("NOPE", (1, 10m)), 10));

    [Fact]
    public void Validate_FreeItems_RejectedAsNotPositive() => Assert.False(OrderValidation.Validate(Order(null, (1, 0m)), 10).Accepted);
}

public sealed class SalesReportTests
{
    [Fact]
    public void Build_RandomSales_RegionTotalsSumToRevenue()
    {
        var random = new Random(9);
        for (var i = 0; i < 30; i++)
        {
            var sales = Enumerable.Range(0, random.Next(0, 40)).Select(_ => new Sale("c" + random.Next(5), "p" + random.Next(4), "r" + random.Next(3), random.Next(1, 6), random.Next(-1, 10), random.Next(0, 1000) / 10m)).ToList();
            var summary = SalesReport.Build(sales, 2);
            Assert.Equal(summary.Revenue, summary.ByRegion.Sum(r => r.Revenue));
            Assert.Equal(sales.Count(s => s.Quantity <= 0), summary.RejectedRows);
            Assert.True(summary.TopProducts.Count <= 2);
            Assert.Equal(Math.Max(0, sales.Where(s => s.Quantity > 0).Select(s => s.Month).Distinct().Count() - 1), summary.MonthlyGrowthPercent.Count);
        }
    }

    [Fact]
    public void Build_TwoMonths_GrowthPercent()
    {
        var summary = SalesReport.Build([new Sale("a", "x", "eu", 1, 1, 100m), new Sale("b", "y", "us", 2, 3, 50m)], 5);
        Assert.Equal([50m], summary.MonthlyGrowthPercent);
        Assert.Equal(["y", "x"], summary.TopProducts);
        Assert.Equal("us", summary.ByRegion[0].Region);
    }
}

public sealed class InventorySyncTests
{
    [Fact]
    public async Task SyncAsync_Warehouses_AvailableIsStockMinusPending()
    {
        var report = await InventorySync.SyncAsync(["w1", "w2", "w3"], "sku-7");
        Assert.Equal(3, report.Levels.Count);
        Assert.Equal(report.Levels.Values.Sum() - report.Pending, report.Available);
        Assert.Equal($"published:sku-7:{report.Available}", report.Receipt);
        Assert.Equal(report.Available < 30, report.Reorder);
    }

    [Fact]
    public async Task SyncAsync_EmptyWarehouseName_ThrowsInvalidOperation()
        => await Assert.ThrowsAsync<InvalidOperationException>(() => InventorySync.SyncAsync(["w1", ""], "s"));
}

public sealed class EnergyReportTests
{
    [Fact]
    public void Compare_SameDay_SameReport()
        => Assert.Equal(EnergyReport.Compare(12, 50), EnergyReport.Compare(12, 50));

    [Fact]
    public void Compare_Profiles_AreTheReadingsSummedAndTheirPeaks()
    {
        var report = EnergyReport.Compare(5, 30);
        foreach (var (profile, readings) in new[] { (report.Europe, MeterReadings.ReadEurope(5, 30)), (report.America, MeterReadings.ReadAmerica(5, 30)) })
        {
            Assert.Equal(30, profile.Meters);
            Assert.Equal(Math.Round(readings.Sum(), 3), profile.TotalKwh, 6);
            var hourly = Enumerable.Range(0, 24).Select(h => Enumerable.Range(0, 30).Sum(m => readings[(m * 24) + h])).ToArray();
            Assert.Equal(Array.IndexOf(hourly, hourly.Max()), profile.PeakHour);
            Assert.InRange(profile.HeavyUserShare, 0, 1);
        }

        Assert.Equal(Math.Round(report.America.TotalKwh / report.Europe.TotalKwh, 4), report.AmericaToEuropeRatio);
        Assert.Equal(Math.Abs(report.Europe.PeakHour - report.America.PeakHour), report.PeakHoursApart);
    }

    [Fact]
    public void Compare_DifferentDays_DifferentReadings()
        => Assert.NotEqual(MeterReadings.ReadEurope(1, 10), MeterReadings.ReadEurope(2, 10));

    [Fact]
    public void Compare_NoMeters_EmptyProfilesAndZeroRatio()
    {
        var report = EnergyReport.Compare(1, 0);
        Assert.Equal(0, report.Europe.Meters);
        Assert.Equal(0, report.AmericaToEuropeRatio);
    }

    [Fact]
    public void ReadingMethods_DeclareWhereTheirDataLives()
    {
        var europe = typeof(MeterReadings).GetMethod(nameof(MeterReadings.ReadEurope))!.GetCustomAttributes(typeof(Serverless.Annotations.DataSourceAttribute), false).Cast<Serverless.Annotations.DataSourceAttribute>().Single();
        var america = typeof(MeterReadings).GetMethod(nameof(MeterReadings.ReadAmerica))!.GetCustomAttributes(typeof(Serverless.Annotations.DataSourceAttribute), false).Cast<Serverless.Annotations.DataSourceAttribute>().Single();
        Assert.Equal(("northeurope", 200_000_000L), (europe.Region, europe.Bytes));
        Assert.Equal(("eastus", 150_000_000L), (america.Region, america.Bytes));
    }
}
