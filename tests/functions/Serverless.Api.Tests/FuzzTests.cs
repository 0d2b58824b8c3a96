using System.Net;
using System.Text;
using Serverless.Api.Tests.Doubles;

namespace Serverless.Api.Tests;

/// <summary>Malformed and hostile requests against every endpoint: never a 5xx, never anything stored or started.</summary>
public sealed class FuzzTests
{
    private static readonly string[] PostRoutes = ["/api/annotation/update", "/api/split/analyze", "/api/function/deploy", "/api/execution/submit"];

    private static readonly string[] HostileIds =
    [
        "../../etc/passwd", "..\\..\\windows\\win.ini", "Demo.Math.SumOfSquares/../../x", "%2e%2e%2f%2e%2e%2f", "Demo.Math.Sum\u0000OfSquares",
        "Demo.Math\nSumOfSquares", "\u001b[31mDemo.Math.SumOfSquares", "Demo..Math", ".Demo.Math", "Demo.Math.", "Demo.Math.SumOfSquares'--",
        "<script>alert(1)</script>", "Demo.Math.Sum OfSquares", "Dëmo.Math.SumOfSquares", "\uD800", "Demo.Math.SumOfSquares#fragment",
        new string('A', 300) + ".B", "", " ", "Demo.Math.SumOfSquares?x=1", "Demo/Math/SumOfSquares", "con.aux.nul",
    ];

    private static readonly string[] HostileValues =
    [
        "null", "true", "0", "-1", "1e400", "-1e400", "99999999999999999999999999999", "1.5", "\"\"", "[]", "{}", "[[[[[]]]]]", "\"\\u0000\"",
        "\"westeurope\"", "[\"westeurope\",1]", "[null]", "{\"regions\":null}", "{\"memoryMb\":null,\"timeoutSeconds\":null}", "-0", "2147483648",
    ];

    [Fact]
    public async Task Fuzz_HostileBodiesOnEveryEndpoint_NoServerErrorAndNothingStored()
    {
        await using var host = await ApiHost.StartAsync();
        var random = new Random(20261130);
        var statuses = new Dictionary<int, int>();
        for (var i = 0; i < 1500; i++)
        {
            var route = PostRoutes[random.Next(PostRoutes.Length)];
            var body = HostileBody(random, route);
            using var request = new HttpRequestMessage(HttpMethod.Post, route) { Content = new ByteArrayContent(body) };
            request.Content.Headers.TryAddWithoutValidation("Content-Type", random.Next(10) == 0 ? "text/plain" : "application/json");
            var response = await host.Client.SendAsync(request);
            var status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(status is >= 400 and < 500, $"{route} answered {status} to {Show(body)}: {text}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        }

        Assert.Equal(0, host.SideEffects);
        Assert.Equal(0, host.Analyzer.Calls);
        Assert.True(statuses.Count >= 4, "the fuzzer should reach several kinds of rejection: " + string.Join(", ", statuses));
    }

    [Fact]
    public async Task Fuzz_HostileIdsInPaths_NoServerErrorAndNothingStored()
    {
        await using var host = await ApiHost.StartAsync();
        // Kestrel rejects a NUL in the request line itself (400) before routing; TestServer throws instead.
        foreach (var id in HostileIds.Where(i => !i.Contains('\0', StringComparison.Ordinal)))
        {
            var escaped = Uri.EscapeDataString(id);
            foreach (var (method, path) in new[]
            {
                (HttpMethod.Get, $"/api/annotation/{escaped}"),
                (HttpMethod.Get, $"/api/execution/{escaped}"),
                (HttpMethod.Delete, $"/api/execution/{escaped}"),
                (HttpMethod.Get, $"/api/execution/{escaped}?format=mermaid"),
                (HttpMethod.Get, $"/api/execution/exec-1?format={escaped}"),
                (HttpMethod.Post, $"/api/execution/{escaped}/terminate"),
                (HttpMethod.Post, $"/api/execution/{escaped}/suspend"),
                (HttpMethod.Post, $"/api/execution/{escaped}/resume"),
                (HttpMethod.Get, $"/api/executions?runtimeStatus={escaped}"),
                (HttpMethod.Get, $"/api/executions?function={escaped}"),
                (HttpMethod.Get, $"/api/executions?top={escaped}"),
                (HttpMethod.Get, $"/api/executions?createdFrom={escaped}"),
            })
            {
                using var request = new HttpRequestMessage(method, path);
                var response = await host.Client.SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();
                Assert.True((int)response.StatusCode is >= 400 and < 500, $"{method} {path} answered {(int)response.StatusCode}: {text}");
                Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
            }
        }

        Assert.Equal(0, host.SideEffects);
    }

    private static byte[] HostileBody(Random random, string route)
    {
        var function = TestFunctions.SumOfSquares;
        string Hostile() => HostileValues[random.Next(HostileValues.Length)];
        string Id() => System.Text.Json.JsonSerializer.Serialize(HostileIds[random.Next(HostileIds.Length)]);
        switch (random.Next(9))
        {
            case 0:
            {
                var bytes = new byte[random.Next(0, 200)];
                random.NextBytes(bytes);
                return bytes;
            }

            case 1:
            {
                var valid = ValidBody(route, function);
                return Encoding.UTF8.GetBytes(valid[..random.Next(0, valid.Length - 1)]);
            }

            case 2:
            {
                var depth = random.Next(65, 3000);
                return Encoding.UTF8.GetBytes($"{{\"function\":\"{function}\",\"arguments\":{new string('[', depth)}{new string(']', depth)}}}");
            }

            case 3:
                return Encoding.UTF8.GetBytes(ValidBody(route, "FUNCTION").Replace("\"FUNCTION\"", Id(), StringComparison.Ordinal));

            case 4:
            {
                // a hostile value in every member but the function
                var member = route switch
                {
                    "/api/annotation/update" => new[] { "splitable", "geoPreference", "resourceConstraint" }[random.Next(3)],
                    "/api/split/analyze" => "method",
                    "/api/function/deploy" => "regions",
                    _ => "arguments",
                };
                var value = Hostile();
                if (value is "null" or "true")
                {
                    // null removes an override and true is a valid splitable: both are legitimate updates.
                    value = "1e400";
                }

                if (member is "method" or "regions" && value is "null" or "\"westeurope\"" or "{}" or "[]" or "{\"regions\":null}")
                {
                    value = "[1e400]";
                }

                if (member == "method")
                {
                    return Encoding.UTF8.GetBytes($"{{\"source\":\"class C {{}}\",\"method\":{value.Replace("null", "1", StringComparison.Ordinal)}}}");
                }

                var body = $"{{\"function\":\"{function}\",\"{member}\":{value}}}";
                if (member == "arguments" && value == "{}")
                {
                    body = $"{{\"function\":\"{function}\",\"arguments\":{{\"a\":{Hostile()},\"b\":\"\\u0000\"}}}}";
                }

                return Encoding.UTF8.GetBytes(body);
            }

            case 5:
                return Encoding.UTF8.GetBytes($"{{\"function\":\"{function}\",\"function\":{Id()},\"arguments\":{{\"a\":1,\"b\":2}}}}");

            case 6:
                return Encoding.UTF8.GetBytes($"{{\"function\":\"{function}\",\"arguments\":{{\"a\":{new string('9', random.Next(20, 5000))},\"b\":2}},\"regions\":[\"\\u0007\"],\"splitable\":false,\"source\":\"x\"}}"[..]);

            case 7:
                return Encoding.UTF8.GetBytes($"{{\"function\":{Hostile()}}}");

            default:
                return Encoding.UTF8.GetBytes($"{{\"function\":\"{function}\",\"extra\\u0000\":1,\"../x\":2}}");
        }
    }

    private static string ValidBody(string route, string function) => route switch
    {
        "/api/annotation/update" => $"{{\"function\":\"{function}\",\"geoPreference\":{{\"regions\":[\"eastus\"],\"strict\":true}},\"resourceConstraint\":{{\"memoryMb\":1024,\"timeoutSeconds\":30}}}}",
        "/api/split/analyze" => $"{{\"function\":\"{function}\"}}",
        "/api/function/deploy" => $"{{\"function\":\"{function}\",\"regions\":[\"eastus\",\"westeurope\"]}}",
        _ => $"{{\"function\":\"{function}\",\"arguments\":{{\"a\":1,\"b\":2}}}}",
    };

    private static string Show(byte[] body) => body.Length > 200 ? Encoding.UTF8.GetString(body, 0, 200) + "…" : Encoding.UTF8.GetString(body);
}
