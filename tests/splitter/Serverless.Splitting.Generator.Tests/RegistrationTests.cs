using System.Runtime.Loader;
using System.Text;
using Microsoft.CodeAnalysis;
using Serverless.Orchestrations.InMemory;
using Serverless.Orchestrations.Runtime;

namespace Serverless.Splitting.Generator.Tests;

/// <summary>What the registration records: instances of types with optional-only constructors, C# default values.</summary>
public sealed class RegistrationTests
{
    private const string Source = """
        using Serverless.Annotations;

        namespace Registration;

        public enum Colour { Red, Green, Blue }

        public partial class Seeded
        {
            private readonly int _seed;

            public Seeded(int seed = 3) => _seed = seed;

            [Splitable]
            public int Shift(int a)
            {
                var b = a + _seed;
                return b * 2;
            }
        }

        public static partial class Defaults
        {
            [Splitable]
            public static string Greet(string name, int times = 2, string sep = "-", Colour colour = Colour.Blue, double scale = 1.5,
                decimal price = 0.1m, int? maybe = null, long big = -9000000000L, char mark = '\'', bool loud = true)
            {
                var parts = Enumerable.Repeat(name, times).ToList();
                var text = string.Join(sep, parts) + "|" + colour + "|" + scale.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return text + "|" + price.ToString(System.Globalization.CultureInfo.InvariantCulture) + "|" + (maybe?.ToString() ?? "none") + "|" + big + mark + loud;
            }
        }
        """;

    private static readonly Lazy<(BuildResult Build, SplitFunctionRegistry Catalogue)> Built = new(() =>
    {
        var build = InMemoryBuild.Build([Source], assemblyName: "Registration");
        var context = new AssemblyLoadContext("registration", isCollectible: false);
        return (build, SplitFunctionRegistry.FromAssemblies(InMemoryBuild.Load(build.Output, context)));
    });

    [Fact]
    public async Task OptionalOnlyConstructor_NoSpl103_RegisteredAndSplitEqualsDirect()
    {
        Assert.DoesNotContain(Built.Value.Build.Diagnostics, d => d.Id == "SPL103");
        Assert.Empty(Built.Value.Build.Problems);
        var entry = Built.Value.Catalogue.Get("Registration.Seeded.Shift");
        var arguments = SplitArguments.Bind(entry.Function, """{"a":4}"""u8.ToArray());
        Assert.Equal(14, await entry.Function.InvokeOriginalAsync(SplitArguments.ToValues(entry.Function, arguments)));
        var split = await new LocalSplitExecutor(new InMemoryStateStore()).RunAsync(entry, SplitUnits.Every(entry.Graph.Segments.Count), arguments, "r");
        Assert.Equal(14, split.Result);
    }

    [Fact]
    public void Bind_ArgumentsLeftOut_TakeCSharpDefaultValues()
    {
        var entry = Built.Value.Catalogue.Get("Registration.Defaults.Greet");
        var arguments = SplitArguments.Bind(entry.Function, """{"name":"hi"}"""u8.ToArray());
        var values = SplitArguments.ToValues(entry.Function, arguments);
        Assert.Equal(new object?[] { "hi", 2, "-", 2, 1.5, 0.1m, null, -9000000000L, '\'', true }, values.Select(v => v is Enum e ? Convert.ToInt32(e, System.Globalization.CultureInfo.InvariantCulture) : v));

        var given = SplitArguments.Bind(entry.Function, """{"name":"yo","times":3,"maybe":7}"""u8.ToArray());
        Assert.Equal("3", Encoding.UTF8.GetString(given["times"].Span));
        Assert.Equal("7", Encoding.UTF8.GetString(given["maybe"].Span));
    }

    [Fact]
    public async Task Run_ArgumentsLeftOut_SplitEqualsDirectWithDefaults()
    {
        var entry = Built.Value.Catalogue.Get("Registration.Defaults.Greet");
        var arguments = SplitArguments.Bind(entry.Function, """{"name":"hi","sep":"+"}"""u8.ToArray());
        var direct = await entry.Function.InvokeOriginalAsync(SplitArguments.ToValues(entry.Function, arguments));
        Assert.Equal("hi+hi|Blue|1.5|0.1|none|-9000000000'True", direct);
        var split = await new LocalSplitExecutor(new InMemoryStateStore()).RunAsync(entry, SplitUnits.Every(entry.Graph.Segments.Count), arguments, "d");
        Assert.Equal(direct, split.Result);
    }

    [Fact]
    public void Bind_RequiredArgumentLeftOut_StillNamesIt()
    {
        var entry = Built.Value.Catalogue.Get("Registration.Defaults.Greet");
        var ex = Assert.Throws<SplitArgumentException>(() => SplitArguments.Bind(entry.Function, """{"times":1}"""u8.ToArray()));
        Assert.Contains("Missing argument 'name'", ex.Message, StringComparison.Ordinal);
    }
}
