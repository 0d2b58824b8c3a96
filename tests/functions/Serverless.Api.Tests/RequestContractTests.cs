using System.Net;
using System.Text.Json.Nodes;
using CsCheck;
using Serverless.Api.Tests.Doubles;

namespace Serverless.Api.Tests;

/// <summary>
/// The typed request contracts on every POST endpoint, over mutations of valid bodies: an unknown member, a missing
/// required member or a value of the wrong kind is a 400 naming exactly that member, and nothing is stored or started.
/// </summary>
public sealed class RequestContractTests
{
    private const string Sum = TestFunctions.SumOfSquares;

    private static readonly Body[] Bodies =
    [
        new(
            "/api/annotation/update",
            $$$"""{"function":"{{{Sum}}}","splitable":true,"geoPreference":{"regions":["eastus","northeurope"],"strict":true},"resourceConstraint":{"memoryMb":1024,"timeoutSeconds":30}}""",
            ["", "geoPreference", "resourceConstraint"],
            [
                new("function", Kind.String, Required: true), new("splitable", Kind.Bool), new("geoPreference", Kind.Object),
                new("geoPreference.regions", Kind.Array, Required: true), new("geoPreference.regions[0]", Kind.String), new("geoPreference.regions[1]", Kind.String),
                new("geoPreference.strict", Kind.Bool), new("resourceConstraint", Kind.Object),
                new("resourceConstraint.memoryMb", Kind.Number, Required: true), new("resourceConstraint.timeoutSeconds", Kind.Number, Required: true),
            ]),
        new("/api/split/analyze", $$$"""{"function":"{{{Sum}}}"}""", [""], [new("function", Kind.String)]),
        new(
            "/api/split/analyze",
            """{"source":"class C {\n [Splitable]\n int A() => 1;\n}","method":"M2"}""",
            [""],
            [new("source", Kind.String), new("method", Kind.String)]),
        new(
            "/api/function/deploy",
            $$$"""{"function":"{{{Sum}}}","regions":["eastus","northeurope"]}""",
            [""],
            [new("function", Kind.String, Required: true), new("regions", Kind.Array), new("regions[0]", Kind.String), new("regions[1]", Kind.String)]),
        new(
            "/api/execution/submit",
            $$$"""{"function":"{{{Sum}}}","arguments":{"a":1,"b":2},"plan":{"algorithm":"manual","units":[{"id":0,"segments":[0,1],"region":"eastus"},{"id":1,"segments":[2],"region":"northeurope"}],"cost":{"compute":0,"transfer":0,"total":0},"makespanMs":0,"objective":0}}""",
            ["", "plan", "plan.units[0]", "plan.units[1]", "plan.cost"],
            [
                new("function", Kind.String, Required: true), new("arguments", Kind.Object, Required: true), new("plan", Kind.Object),
                new("plan.algorithm", Kind.String), new("plan.units", Kind.Array), new("plan.units[0]", Kind.Object), new("plan.units[0].id", Kind.Number),
                new("plan.units[0].segments", Kind.Array), new("plan.units[0].segments[1]", Kind.Number), new("plan.units[1].region", Kind.String),
                new("plan.cost", Kind.Object), new("plan.cost.compute", Kind.Number), new("plan.makespanMs", Kind.Number), new("plan.objective", Kind.Number),
            ]),
    ];

    private enum Kind
    {
        String,
        Number,
        Bool,
        Array,
        Object,
    }

    public static TheoryData<string, string, int, string, string> Problems => new()
    {
        { "/api/annotation/update", $$$"""{"function":"{{{Sum}}}","regoins":[]}""", 400, "regoins", "Unknown member 'regoins'. Allowed members: function, splitable, geoPreference, resourceConstraint." },
        { "/api/annotation/update", $$$"""{"function":"{{{Sum}}}","geoPreference":{"strict":true}}""", 400, "geoPreference.regions", "Member 'geoPreference.regions' is required: a non-empty array of region names." },
        { "/api/annotation/update", $$$"""{"function":"{{{Sum}}}","splitable":"yes"}""", 400, "splitable", "Member 'splitable' must be true or false, not a string." },
        { "/api/annotation/update", $$$"""{"function":"{{{Sum}}}","resourceConstraint":{"memoryMb":"1024","timeoutSeconds":5}}""", 400, "resourceConstraint.memoryMb", "Member 'resourceConstraint.memoryMb' must be a whole number from 128 to 32768, not a string." },
        { "/api/annotation/update", $$$"""{"function":"{{{Sum}}}","resourceConstraint":{"memoryMb":1e400,"timeoutSeconds":5}}""", 422, "resourceConstraint.memoryMb", "Member 'resourceConstraint.memoryMb' must be a whole number from 128 to 32768; got '1e400'." },
        { "/api/annotation/update", $$$"""{"function":"{{{Sum}}}","resourceConstraint":{"memoryMb":1024}}""", 400, "resourceConstraint.timeoutSeconds", "Member 'resourceConstraint.timeoutSeconds' is required (1–3600)." },
        { "/api/split/analyze", """{"function":null,"source":7}""", 400, "source", "Member 'source' must be a string, not a number." },
        { "/api/function/deploy", $$$"""{"function":"{{{Sum}}}","regions":[1]}""", 400, "regions[0]", "Member 'regions[0]' must be a string, not a number." },
        { "/api/function/deploy", $$$"""{"function":"{{{Sum}}}","regions":["eastus",null]}""", 400, "regions[1]", "Member 'regions[1]' must be a string, not null." },
        { "/api/execution/submit", $$$"""{"function":"{{{Sum}}}"}""", 400, "arguments", "Member 'arguments' is required: an object with one member per parameter ({} for none)." },
        { "/api/execution/submit", """{"function":null,"arguments":{}}""", 400, "function", "Member 'function' must be a string, not null." },
        { "/api/execution/submit", $$$"""{"function":"{{{Sum}}}","function":"{{{Sum}}}","arguments":{"a":1,"b":2}}""", 400, "function", "Member 'function' appears more than once. Send it once." },
        { "/api/execution/submit", $$$"""{"function":"{{{Sum}}}","arguments":{"a":1,"a":2,"b":2}}""", 400, "arguments.a", "Member 'arguments.a' appears more than once. Send it once." },
        { "/api/execution/submit", $$$"""{"function":"{{{Sum}}}","arguments":{"a":1,"b":2},"plan":{"units":[{"id":0,"segments":[0,1,2],"region":"eastus","zz":1}]}}""", 400, "plan.units[0].zz", "Unknown member 'plan.units[0].zz'. Allowed members: id, segments, region, plannedStartMs, plannedFinishMs." },
        { "/api/execution/submit", $$$"""{"function":"{{{Sum}}}","arguments":{"a":1,"b":2},"plan":{"units":[{"id":"0","segments":[0,1,2],"region":"eastus"}]}}""", 400, "plan.units[0].id", "Member 'plan.units[0].id' must be a whole number from -2147483648 to 2147483647, not a string." },
        { "/api/execution/submit", $$$"""{"function":"{{{Sum}}}","arguments":{"a":1,"b":2},"plan":{"units":[{"id":1.5,"segments":[0,1,2],"region":"eastus"}]}}""", 422, "plan.units[0].id", "Member 'plan.units[0].id' must be a whole number from -2147483648 to 2147483647; got '1.5'." },
        { "/api/execution/submit", $$$"""{"function":"{{{Sum}}}","arguments":{"a":1,"b":2},"plan":{"units":[{"id":0,"segments":[0,1,2],"region":"eastus"}],"makespanMs":"0"}}""", 400, "plan.makespanMs", "Member 'plan.makespanMs' must be a number, not a string." },
        { "/api/execution/submit", $$$"""{"function":"{{{Sum}}}","arguments":{"a":1,"b":2},"plan":{"units":[{"id":0,"segments":[0,1,2],"region":"eastus"}],"cost":[]}}""", 400, "plan.cost", "Member 'plan.cost' must be an object, not an array." },
    };

    [Theory]
    [MemberData(nameof(Problems))]
    public async Task Post_ContractViolation_ProblemSaysWhatAndWhere(string route, string body, int status, string field, string detail)
    {
        await using var host = await ApiHost.StartAsync();
        var problem = await ErrorTests.AssertProblemAsync(await host.PostAsync(route, body), status, field);
        Assert.Equal(detail, problem.GetProperty("detail").GetString());
        Assert.Equal(0, host.SideEffects);
    }

    [Fact]
    public async Task Post_ValidBodies_AreAccepted()
    {
        // The mutations below start from these bodies: each must be accepted as it is.
        await using var host = await ApiHost.StartAsync();
        foreach (var body in Bodies)
        {
            var response = await host.PostAsync(body.Route, body.Json);
            Assert.True(response.IsSuccessStatusCode, $"{body.Route} rejected {body.Json}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    [Fact]
    public void Post_UnknownMemberAnywhere_Returns400NamingItAndStoresNothing()
    {
        var gen = Gen.Select(Gen.Int[0, Bodies.Length - 1], Gen.Int[0, 10], Gen.String[Gen.Char.AlphaNumeric, 1, 12]);
        AssertRejected(gen, t =>
        {
            var (index, at, name) = t;
            var body = Bodies[index];
            var objectPath = body.Objects[at % body.Objects.Count];
            var target = (JsonObject)Find(body, objectPath, out var root);
            if (target.ContainsKey(name))
            {
                return null;
            }

            target[name] = 1;
            return (body.Route, root.ToJsonString(), objectPath.Length == 0 ? name : objectPath + "." + name);
        });
    }

    [Fact]
    public void Post_RequiredMemberMissing_Returns400NamingItAndStoresNothing()
    {
        var required = Bodies.SelectMany(b => b.Members.Where(m => m.Required).Select(m => (Body: b, Member: m))).ToArray();
        AssertRejected(Gen.Int[0, required.Length - 1], index =>
        {
            var (body, member) = required[index];
            var (parentPath, name) = Split(member.Path);
            var parent = (JsonObject)Find(body, parentPath, out var root);
            Assert.True(parent.Remove(name));
            return (body.Route, root.ToJsonString(), member.Path);
        });
    }

    [Fact]
    public void Post_ValueOfTheWrongKind_Returns400NamingTheMemberAndStoresNothing()
    {
        var members = Bodies.SelectMany(b => b.Members.Select(m => (Body: b, Member: m))).ToArray();
        AssertRejected(Gen.Select(Gen.Int[0, members.Length - 1], Gen.Int[1, 4], Gen.Int[-1000, 1000], Gen.String[Gen.Char.AlphaNumeric, 0, 8]), t =>
        {
            var (index, shift, number, text) = t;
            var (body, member) = members[index];
            var kind = (Kind)(((int)member.Kind + shift) % 5);
            JsonNode replacement = kind switch
            {
                Kind.String => JsonValue.Create(text),
                Kind.Number => JsonValue.Create(number),
                Kind.Bool => JsonValue.Create(number % 2 == 0),
                Kind.Array => new JsonArray(JsonValue.Create(number)),
                _ => new JsonObject { [text.Length == 0 ? "x" : text] = number },
            };
            var node = Find(body, member.Path, out var root);
            node.ReplaceWith(replacement);
            return (body.Route, root.ToJsonString(), member.Path);
        });
    }

    private static void AssertRejected<T>(Gen<T> gen, Func<T, (string Route, string Json, string Field)?> mutate)
    {
        Task.Run(async () =>
        {
            await using var host = await ApiHost.StartAsync();
            gen.Sample(
                t =>
                {
                    if (mutate(t) is not { } request)
                    {
                        return;
                    }

                    Task.Run(async () =>
                    {
                        var response = await host.PostAsync(request.Route, request.Json);
                        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{request.Route} answered {(int)response.StatusCode} to {request.Json}");
                        await ErrorTests.AssertProblemAsync(response, 400, request.Field);
                    }).GetAwaiter().GetResult();
                },
                iter: 150,
                threads: 1);
            Assert.Equal(0, host.SideEffects);
            Assert.Equal(0, host.Analyzer.Calls);
        }).GetAwaiter().GetResult();
    }

    private static JsonNode Find(Body body, string path, out JsonNode root)
    {
        root = JsonNode.Parse(body.Json)!;
        var node = root;
        foreach (var part in path.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            node = node[bracket < 0 ? part : part[..bracket]]!;
            if (bracket >= 0)
            {
                node = node[int.Parse(part[(bracket + 1)..^1], System.Globalization.CultureInfo.InvariantCulture)]!;
            }
        }

        return node;
    }

    private static (string Parent, string Name) Split(string path)
    {
        var dot = path.LastIndexOf('.');
        return dot < 0 ? (string.Empty, path) : (path[..dot], path[(dot + 1)..]);
    }

    private sealed record Member(string Path, Kind Kind, bool Required = false);

    private sealed record Body(string Route, string Json, IReadOnlyList<string> Objects, IReadOnlyList<Member> Members);
}
