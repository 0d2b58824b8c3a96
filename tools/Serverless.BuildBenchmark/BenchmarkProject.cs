using System.Globalization;
using System.Text;

namespace Serverless.BuildBenchmark;

/// <summary>
/// Writes a user's project: <c>splitable</c> methods of about twenty statements each (marked <c>[Splitable]</c> when
/// <c>withGenerator</c>, with the generator, its analysis library and the contracts library as analyzers and interceptors on, as the
/// samples reference them) plus as many plain methods that call them; without the generator, the same code
/// without the attribute.
/// </summary>
internal static class BenchmarkProject
{
    private const int MethodsPerFile = 5;

    public static string Write(string directory, bool withGenerator, int splitable, int plain, BenchmarkInputs inputs)
    {
        Directory.CreateDirectory(directory);
        var analyzers = withGenerator
            ? $"""
                  <ItemGroup>
                    <Analyzer Include="{inputs.GeneratorDll}" />
                    <Analyzer Include="{inputs.SplittingDll}" />
                    <Analyzer Include="{inputs.ContractsDll}" />
                  </ItemGroup>
                """
            : string.Empty;
        var interceptors = withGenerator ? "    <InterceptorsNamespaces>$(InterceptorsNamespaces);Serverless.Generated</InterceptorsNamespaces>\n" : string.Empty;
        var project = Path.Combine(directory, "UserApp.csproj");
        File.WriteAllText(project, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
            {interceptors}  </PropertyGroup>
              <ItemGroup>
                <Reference Include="Serverless.Annotations" HintPath="{inputs.AnnotationsDll}" />
              </ItemGroup>
            {analyzers}</Project>
            """);

        for (var file = 0; file * MethodsPerFile < splitable; file++)
        {
            var sb = new StringBuilder();
            sb.AppendLine("namespace UserApp;").AppendLine();
            sb.AppendLine(CultureInfo.InvariantCulture, $"public static partial class Splittable{file}").AppendLine("{");
            for (var m = file * MethodsPerFile; m < Math.Min(splitable, (file + 1) * MethodsPerFile); m++)
            {
                sb.Append(SplitableMethod(m, withGenerator));
            }

            sb.AppendLine("}");
            File.WriteAllText(Path.Combine(directory, $"Splittable{file}.cs"), sb.ToString());
        }

        for (var file = 0; file * MethodsPerFile < plain; file++)
        {
            var sb = new StringBuilder();
            sb.AppendLine("namespace UserApp;").AppendLine();
            sb.AppendLine(CultureInfo.InvariantCulture, $"public static class Plain{file}").AppendLine("{");
            for (var m = file * MethodsPerFile; m < Math.Min(plain, (file + 1) * MethodsPerFile); m++)
            {
                sb.Append(PlainMethod(m, splitable));
            }

            sb.AppendLine("}");
            File.WriteAllText(Path.Combine(directory, $"Plain{file}.cs"), sb.ToString());
        }

        return project;
    }

    /// <summary>Twenty top-level statements: locals, a loop, LINQ, a dictionary, branches and a string.</summary>
    private static string SplitableMethod(int i, bool attribute) => $$"""
            {{(attribute ? "    [Serverless.Annotations.Splitable]\n" : string.Empty)}}    public static int Compute{{i}}(int a, int b, List<int> items)
            {
                var total = a + {{i}};
                var scale = (b * 2) + 1;
                var list = new List<int>(items);
                for (var k = 0; k < {{3 + (i % 5)}}; k++)
                {
                    list.Add(k * scale);
                }

                var evens = list.Where(x => x % 2 == 0).ToList();
                var odds = list.Count - evens.Count;
                if (total > 100)
                {
                    total -= 100;
                }

                var label = "m{{i}}:" + total;
                var sum = 0;
                foreach (var x in evens)
                {
                    sum += x;
                }

                var max = list.Count == 0 ? 0 : list.Max();
                var min = list.Count == 0 ? 0 : list.Min();
                var range = max - min;
                var counts = new Dictionary<string, int> { ["sum"] = sum, ["range"] = range };
                counts["odds"] = odds;
                var weighted = (sum * {{(i % 7) + 1}}) + range;
                var text = label + ":" + weighted.ToString(System.Globalization.CultureInfo.InvariantCulture);
                var length = text.Length;
                while (length > 10)
                {
                    length /= 2;
                }

                var result = weighted + length + counts.Count;
                return result;
            }

        """;

    /// <summary>An ordinary method (not splittable) that calls one of the splitable ones.</summary>
    private static string PlainMethod(int i, int splitable) => $$"""
            public static string Describe{{i}}(string name, int[] values)
            {
                var trimmed = name.Trim();
                var sum = 0;
                foreach (var v in values)
                {
                    sum += v * {{(i % 3) + 1}};
                }

                var computed = {{(splitable > 0 ? $"Splittable{(i % splitable) / MethodsPerFile}.Compute{i % splitable}(sum, values.Length, [.. values])" : "sum")}};
                return trimmed.Length == 0 ? "none" : $"{trimmed}={computed}";
            }

        """;
}

/// <summary>The built libraries a user's project references: the annotations, the generator, its analysis library and the contracts both use.</summary>
internal sealed record BenchmarkInputs(string AnnotationsDll, string GeneratorDll, string SplittingDll, string ContractsDll);
