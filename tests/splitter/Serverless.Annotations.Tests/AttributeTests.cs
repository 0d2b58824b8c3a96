using System.Reflection;
using CsCheck;
using Serverless.Annotations;

namespace Serverless.Annotations.Tests;

public class AttributeTests
{
    [Fact]
    public void ResourceConstraint_Defaults_AreMemory512Timeout300()
    {
        var a = new ResourceConstraintAttribute();
        Assert.Equal(512, a.MemoryMb);
        Assert.Equal(300, a.TimeoutSeconds);
    }

    [Fact]
    public void ResourceConstraint_MemoryMb_AcceptsExactlyTheRange()
    {
        Gen.Int[-100_000, 100_000].Sample(v =>
        {
            var a = new ResourceConstraintAttribute();
            var inRange = v is >= 128 and <= 32768;
            var ex = Record.Exception(() => a.MemoryMb = v);
            if (inRange)
            {
                return ex is null && a.MemoryMb == v;
            }

            return ex is ArgumentOutOfRangeException aoe && aoe.ParamName == "MemoryMb" && aoe.Message.Contains("128", StringComparison.Ordinal) && a.MemoryMb == 512;
        });
    }

    [Fact]
    public void ResourceConstraint_TimeoutSeconds_AcceptsExactlyTheRange()
    {
        Gen.Int[-10_000, 10_000].Sample(v =>
        {
            var a = new ResourceConstraintAttribute();
            var inRange = v is >= 1 and <= 3600;
            var ex = Record.Exception(() => a.TimeoutSeconds = v);
            return inRange ? ex is null && a.TimeoutSeconds == v : ex is ArgumentOutOfRangeException && a.TimeoutSeconds == 300;
        });
    }

    [Theory]
    [InlineData(127, false)]
    [InlineData(128, true)]
    [InlineData(32768, true)]
    [InlineData(32769, false)]
    public void ResourceConstraint_MemoryBoundaries(int value, bool ok)
    {
        var ex = Record.Exception(() => new ResourceConstraintAttribute { MemoryMb = value });
        Assert.Equal(ok, ex is null);
    }

    [Fact]
    public void GeoPreference_Regions_KeptInOrderAndCopied()
    {
        var input = new[] { "westeurope", "northeurope" };
        var a = new GeoPreferenceAttribute(input) { Strict = true };
        input[0] = "changed";
        Assert.Equal(["westeurope", "northeurope"], a.Regions);
        Assert.True(a.Strict);
        Assert.False(new GeoPreferenceAttribute("eastus").Strict);
    }

    public static TheoryData<string[]> BadRegions => new() { Array.Empty<string>(), new[] { "" }, new[] { "westeurope", "  " } };

    [Theory]
    [MemberData(nameof(BadRegions))]
    public void GeoPreference_NoOrEmptyRegion_Throws(string[] regions)
    {
        var ex = Assert.Throws<ArgumentException>(() => new GeoPreferenceAttribute(regions));
        Assert.Equal("regions", ex.ParamName);
    }

    [Fact]
    public void GeoPreference_Null_Throws() =>
        Assert.Throws<ArgumentException>(() => new GeoPreferenceAttribute(null!));

    [Theory]
    [InlineData(typeof(SplitableAttribute))]
    [InlineData(typeof(GeoPreferenceAttribute))]
    [InlineData(typeof(ResourceConstraintAttribute))]
    public void Attributes_TargetMethodsOnly(Type type)
    {
        var usage = type.GetCustomAttribute<AttributeUsageAttribute>()!;
        Assert.Equal(AttributeTargets.Method, usage.ValidOn);
        Assert.False(usage.AllowMultiple);
    }

    [Fact]
    public void Attributes_AppliedToMethod_ReadBackByReflection()
    {
        var m = typeof(Sample).GetMethod(nameof(Sample.Run))!;
        Assert.NotNull(m.GetCustomAttribute<SplitableAttribute>());
        Assert.Equal(["westeurope"], m.GetCustomAttribute<GeoPreferenceAttribute>()!.Regions);
        Assert.Equal(1024, m.GetCustomAttribute<ResourceConstraintAttribute>()!.MemoryMb);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData(null)]
    public void DataSource_NoRegion_ThrowsNamingTheAttribute(string? region)
    {
        var ex = Assert.Throws<ArgumentException>(() => new DataSourceAttribute(region!));
        Assert.Equal("region", ex.ParamName);
        Assert.Contains("DataSource", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DataSource_Bytes_AcceptsZeroAndMoreOnly()
    {
        Gen.Long[-1_000_000, 1_000_000].Sample(v =>
        {
            var a = new DataSourceAttribute("northeurope");
            var ex = Record.Exception(() => a.Bytes = v);
            return v >= 0
                ? ex is null && a.Bytes == v
                : ex is ArgumentOutOfRangeException aoe && aoe.ParamName == "Bytes" && a.Bytes == 0;
        });
    }

    [Fact]
    public void DataSource_SeveralOnOneMethod_ReadBackByReflection()
    {
        var usage = typeof(DataSourceAttribute).GetCustomAttribute<AttributeUsageAttribute>()!;
        Assert.Equal(AttributeTargets.Method, usage.ValidOn);
        Assert.True(usage.AllowMultiple);
        var m = typeof(Sample).GetMethod(nameof(Sample.Load))!;
        Assert.Equal(
            ["eastus:5", "northeurope:200000000"],
            m.GetCustomAttributes<DataSourceAttribute>().Select(a => $"{a.Region}:{a.Bytes}").Order(StringComparer.Ordinal));
    }

    private static class Sample
    {
        [DataSource("northeurope", Bytes = 200_000_000)]
        [DataSource("eastus", Bytes = 5)]
        public static int Load() => 1;

        [Splitable]
        [GeoPreference("westeurope")]
        [ResourceConstraint(MemoryMb = 1024, TimeoutSeconds = 60)]
        public static int Run(int x) => x;
    }
}
