using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Serverless.Infra.Tests;

/// <summary>
/// Evaluates the ARM template expressions the compiled Bicep uses for names and module arguments
/// (parameters, variables, format, take, toLower, copyIndex, ...), so tests can check the names a deployment
/// would create for given parameter values. Run-time functions (reference, listKeys) are not supported:
/// evaluating one throws <see cref="NotSupportedException"/> naming it. uniqueString and guid return
/// deterministic stand-ins of the real length and alphabet. An evaluator made <see cref="WithDeploymentValues"/>
/// also answers <c>reference('symbol')</c> of a resource declared in the template with deterministic stand-ins of the
/// values ARM knows only once it exists (an identity's clientId and principalId, a component's ConnectionString),
/// the same for every reference to the same resource, so settings built from them can be checked for agreement.
/// </summary>
public sealed class ArmEvaluator
{
    public const string SubscriptionId = "00000000-0000-0000-0000-000000000001";

    private readonly JsonObject _template;
    private readonly IReadOnlyDictionary<string, Func<JsonNode?>> _arguments;
    private readonly Dictionary<string, JsonNode?> _parameterCache = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, JsonNode?> _variableCache = new(StringComparer.OrdinalIgnoreCase);
    private readonly int? _copyIndex;
    private readonly bool _deploymentValues;

    public ArmEvaluator(JsonObject template, IReadOnlyDictionary<string, JsonNode?> arguments, string resourceGroupName)
        : this(
            template,
            arguments.ToDictionary(a => a.Key, a => (Func<JsonNode?>)(() => a.Value?.DeepClone()), StringComparer.OrdinalIgnoreCase),
            resourceGroupName,
            null,
            false)
    {
    }

    private ArmEvaluator(JsonObject template, IReadOnlyDictionary<string, Func<JsonNode?>> arguments, string resourceGroupName, int? copyIndex, bool deploymentValues)
    {
        _template = template;
        _arguments = arguments;
        ResourceGroupName = resourceGroupName;
        _copyIndex = copyIndex;
        _deploymentValues = deploymentValues;
    }

    /// <summary>This evaluator, also answering <c>reference()</c> with stand-ins of deployment-time values (and its modules too).</summary>
    public ArmEvaluator WithDeploymentValues() => new(_template, _arguments, ResourceGroupName, _copyIndex, true);

    public string ResourceGroupName { get; }

    public JsonObject Template => _template;

    /// <summary>Evaluates a template value: an expression string, a literal, or an object/array of them.</summary>
    public JsonNode? Evaluate(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => EvaluateString(s),
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, Evaluate(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Evaluate).ToArray()),
        _ => node?.DeepClone(),
    };

    public string EvaluateToString(JsonNode? node) =>
        Evaluate(node) is JsonValue v && v.TryGetValue<string>(out var s)
            ? s
            : throw new InvalidOperationException($"{node?.ToJsonString()} does not evaluate to a string.");

    public JsonNode? Parameter(string name)
    {
        if (_parameterCache.TryGetValue(name, out var cached))
        {
            return cached?.DeepClone();
        }

        JsonNode? value;
        if (_arguments.TryGetValue(name, out var argument))
        {
            value = argument();
        }
        else if (_template["parameters"]?[name] is JsonObject declared)
        {
            value = declared.TryGetPropertyValue("defaultValue", out var def)
                ? Evaluate(def)
                : throw new InvalidOperationException($"Parameter '{name}' has no value and no default.");
        }
        else
        {
            throw new InvalidOperationException($"The template declares no parameter '{name}'.");
        }

        _parameterCache[name] = value;
        return value?.DeepClone();
    }

    public JsonNode? Variable(string name)
    {
        if (!_variableCache.TryGetValue(name, out var value))
        {
            if (_template["variables"] is not JsonObject variables || !variables.TryGetPropertyValue(name, out var raw))
            {
                throw new InvalidOperationException($"The template declares no variable '{name}'.");
            }

            value = Evaluate(raw);
            _variableCache[name] = value;
        }

        return value?.DeepClone();
    }

    /// <summary>
    /// An evaluator for the template of a nested deployment (module) declared in this template:
    /// its parameters are the module's arguments evaluated here (at <paramref name="copyIndex"/> for a loop).
    /// </summary>
    public ArmEvaluator ForModule(JsonObject deployment, int? copyIndex = null)
    {
        var outer = copyIndex is null ? this : WithCopyIndex(copyIndex.Value);
        var arguments = new Dictionary<string, Func<JsonNode?>>(StringComparer.OrdinalIgnoreCase);
        if (deployment["properties"]?["parameters"] is JsonObject parameters)
        {
            foreach (var (name, wrapper) in parameters)
            {
                // Evaluated on first use: arguments read from run-time outputs stay unevaluated unless asked for.
                var raw = wrapper?["value"];
                arguments[name] = () => outer.Evaluate(raw);
            }
        }

        var group = deployment["resourceGroup"] is JsonNode rg ? outer.EvaluateToString(rg) : ResourceGroupName;
        var template = deployment["properties"]?["template"]?.AsObject()
            ?? throw new InvalidOperationException("The deployment has no inline template.");
        return new ArmEvaluator(template, arguments, group, null, _deploymentValues);
    }

    public ArmEvaluator WithCopyIndex(int index) => new(_template, _arguments, ResourceGroupName, index, _deploymentValues);

    private JsonNode? EvaluateString(string s)
    {
        if (s.StartsWith("[[", StringComparison.Ordinal))
        {
            return JsonValue.Create(s[1..]);
        }

        if (!(s.StartsWith('[') && s.EndsWith(']')))
        {
            return JsonValue.Create(s);
        }

        var parser = new Parser(s[1..^1], this);
        var result = parser.ParseExpression();
        parser.ExpectEnd();
        return result;
    }

    private JsonNode? Call(string function, List<JsonNode?> args) => function.ToLowerInvariant() switch
    {
        "parameters" => Parameter(Str(args, 0)),
        "variables" => Variable(Str(args, 0)),
        "copyindex" => JsonValue.Create((_copyIndex ?? throw new InvalidOperationException("copyIndex() outside a loop."))
            + (args.Count > 0 ? Int(args, 0) : 0)),
        "format" => JsonValue.Create(Format(Str(args, 0), args.Skip(1).ToList())),
        "tolower" => JsonValue.Create(Str(args, 0).ToLowerInvariant()),
        "toupper" => JsonValue.Create(Str(args, 0).ToUpperInvariant()),
        "take" => args[0] is JsonArray a
            ? new JsonArray(a.Take(Int(args, 1)).Select(x => x?.DeepClone()).ToArray())
            : JsonValue.Create(new string(Str(args, 0).Take(Int(args, 1)).ToArray())),
        "replace" => JsonValue.Create(Str(args, 0).Replace(Str(args, 1), Str(args, 2), StringComparison.Ordinal)),
        "split" => new JsonArray(Str(args, 0).Split(Str(args, 1)).Select(p => (JsonNode?)JsonValue.Create(p)).ToArray()),
        "concat" => args.All(a => a is JsonArray)
            ? new JsonArray(args.SelectMany(a => a!.AsArray()).Select(x => x?.DeepClone()).ToArray())
            : JsonValue.Create(string.Concat(args.Select(Text))),
        "string" => JsonValue.Create(Text(args[0])),
        "padleft" => JsonValue.Create(Text(args[0]).PadLeft(Int(args, 1), Str(args, 2)[0])),
        "join" => JsonValue.Create(string.Join(Str(args, 1), args[0]!.AsArray().Select(Text))),
        "length" => JsonValue.Create(args[0] switch
        {
            JsonArray a => a.Count,
            JsonObject o => o.Count,
            _ => Str(args, 0).Length,
        }),
        "empty" => JsonValue.Create(args[0] switch
        {
            null => true,
            JsonArray a => a.Count == 0,
            JsonObject o => o.Count == 0,
            _ => Text(args[0]).Length == 0,
        }),
        "not" => JsonValue.Create(!Bool(args, 0)),
        "and" => JsonValue.Create(args.Select((_, i) => Bool(args, i)).All(b => b)),
        "or" => JsonValue.Create(args.Select((_, i) => Bool(args, i)).Any(b => b)),
        "equals" => JsonValue.Create(JsonNode.DeepEquals(args[0], args[1])),
        "if" => Bool(args, 0) ? args[1]?.DeepClone() : args[2]?.DeepClone(),
        "true" => JsonValue.Create(true),
        "false" => JsonValue.Create(false),
        "createobject" => new JsonObject(Enumerable.Range(0, args.Count / 2)
            .Select(i => KeyValuePair.Create(Str(args, 2 * i), args[(2 * i) + 1]?.DeepClone()))),
        "range" => new JsonArray(Enumerable.Range(Int(args, 0), Int(args, 1)).Select(i => (JsonNode?)JsonValue.Create(i)).ToArray()),
        "resourceid" => JsonValue.Create(ResourceId(args)),
        "subscriptionresourceid" => JsonValue.Create(SubscriptionResourceId(args)),
        "extensionresourceid" => JsonValue.Create($"{Str(args, 0)}/providers/{Str(args, 1)}/{string.Join('/', args.Skip(2).Select(Text))}"),
        "createarray" => new JsonArray(args.Select(a => a?.DeepClone()).ToArray()),
        "union" => Union(args),
        "uniquestring" => JsonValue.Create(StandIn(args, 13, "abcdefghijklmnopqrstuvwxyz234567")),
        "guid" => JsonValue.Create(new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('|', args.Select(Text))))[..16]).ToString()),
        "subscription" => new JsonObject
        {
            ["id"] = $"/subscriptions/{SubscriptionId}",
            ["subscriptionId"] = SubscriptionId,
        },
        "resourcegroup" => new JsonObject
        {
            ["id"] = $"/subscriptions/{SubscriptionId}/resourceGroups/{ResourceGroupName}",
            ["name"] = ResourceGroupName,
        },
        "reference" when _deploymentValues => DeploymentValues(Str(args, 0)),
        _ => throw new NotSupportedException($"ARM function '{function}' is not evaluated by the tests (a run-time value)."),
    };

    /// <summary>Stand-ins of what ARM reports for a declared resource once deployed, derived from its type and name.</summary>
    private JsonObject DeploymentValues(string symbol)
    {
        var resource = _template["resources"]?[symbol] as JsonObject
            ?? throw new NotSupportedException($"reference('{symbol}'): only resources declared in the template by symbolic name get stand-ins.");
        var name = EvaluateToString(resource["name"]);
        var key = $"{TemplateNode.Type(resource)}/{name}";
        string Id(string what) => new Guid(SHA256.HashData(Encoding.UTF8.GetBytes($"{key}|{what}"))[..16]).ToString();
        var leaf = name[(name.LastIndexOf('/') + 1)..];
        return new JsonObject
        {
            ["clientId"] = Id("clientId"),
            ["principalId"] = Id("principalId"),
            ["ConnectionString"] = $"InstrumentationKey={Id("instrumentationKey")};IngestionEndpoint=https://standin.in.applicationinsights.azure.com/",
            ["serviceBusEndpoint"] = $"https://{leaf}.servicebus.windows.net:443/",
            ["defaultHostName"] = $"{leaf}.azurewebsites.net",
            ["primaryEndpoints"] = new JsonObject
            {
                ["blob"] = $"https://{leaf}.blob.core.windows.net/",
                ["queue"] = $"https://{leaf}.queue.core.windows.net/",
                ["table"] = $"https://{leaf}.table.core.windows.net/",
            },
        };
    }

    /// <summary>resourceId([subscriptionId], [resourceGroupName], type, name, ...): the type is the first argument with a '/'.</summary>
    private string ResourceId(List<JsonNode?> args)
    {
        var typeIndex = args.FindIndex(a => Text(a).Contains('/', StringComparison.Ordinal));
        var (subscription, group) = typeIndex switch
        {
            0 => (SubscriptionId, ResourceGroupName),
            1 => (SubscriptionId, Str(args, 0)),
            2 => (Str(args, 0), Str(args, 1)),
            _ => throw new InvalidOperationException($"resourceId() with arguments {string.Join(", ", args.Select(Text))}."),
        };
        return $"/subscriptions/{subscription}/resourceGroups/{group}/providers/{Str(args, typeIndex)}/{string.Join('/', args.Skip(typeIndex + 1).Select(Text))}";
    }

    private static string SubscriptionResourceId(List<JsonNode?> args)
    {
        var typeIndex = args.FindIndex(a => Text(a).Contains('/', StringComparison.Ordinal));
        var subscription = typeIndex == 1 ? Str(args, 0) : SubscriptionId;
        return $"/subscriptions/{subscription}/providers/{Str(args, typeIndex)}/{string.Join('/', args.Skip(typeIndex + 1).Select(Text))}";
    }

    private static JsonNode Union(List<JsonNode?> args)
    {
        if (args.All(a => a is JsonObject))
        {
            var merged = new JsonObject();
            foreach (var (key, value) in args.SelectMany(a => a!.AsObject()))
            {
                merged[key] = value?.DeepClone();
            }

            return merged;
        }

        var items = new List<JsonNode?>();
        foreach (var item in args.SelectMany(a => a!.AsArray()))
        {
            if (!items.Any(i => JsonNode.DeepEquals(i, item)))
            {
                items.Add(item?.DeepClone());
            }
        }

        return new JsonArray(items.ToArray());
    }

    private static string StandIn(List<JsonNode?> args, int length, string alphabet)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('|', args.Select(Text))));
        return new string(hash.Take(length).Select(b => alphabet[b % alphabet.Length]).ToArray());
    }

    private static string Format(string format, List<JsonNode?> args)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] == '{' && i + 1 < format.Length && format[i + 1] == '{')
            {
                builder.Append('{');
                i++;
            }
            else if (format[i] == '}' && i + 1 < format.Length && format[i + 1] == '}')
            {
                builder.Append('}');
                i++;
            }
            else if (format[i] == '{')
            {
                var end = format.IndexOf('}', i);
                var index = int.Parse(format[(i + 1)..end], CultureInfo.InvariantCulture);
                builder.Append(Text(args[index]));
                i = end;
            }
            else
            {
                builder.Append(format[i]);
            }
        }

        return builder.ToString();
    }

    private static string Text(JsonNode? node) => node switch
    {
        null => "",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.TryGetValue<bool>(out var b) => b ? "True" : "False",
        _ => node.ToJsonString(),
    };

    private static string Str(List<JsonNode?> args, int i) =>
        args[i] is JsonValue v && v.TryGetValue<string>(out var s)
            ? s
            : throw new InvalidOperationException($"Argument {i} ({args[i]?.ToJsonString()}) is not a string.");

    private static int Int(List<JsonNode?> args, int i) =>
        args[i] is JsonValue v && v.TryGetValue<int>(out var n)
            ? n
            : throw new InvalidOperationException($"Argument {i} ({args[i]?.ToJsonString()}) is not an integer.");

    private static bool Bool(List<JsonNode?> args, int i) =>
        args[i] is JsonValue v && v.TryGetValue<bool>(out var b)
            ? b
            : throw new InvalidOperationException($"Argument {i} ({args[i]?.ToJsonString()}) is not a boolean.");

    /// <summary>Recursive-descent parser and evaluator of one expression body (without the brackets).</summary>
    private sealed class Parser(string text, ArmEvaluator evaluator)
    {
        private int _pos;

        public JsonNode? ParseExpression()
        {
            SkipSpace();
            JsonNode? value;
            var c = Peek();
            if (c == '\'')
            {
                value = JsonValue.Create(ReadString());
            }
            else if (char.IsDigit(c) || c == '-')
            {
                var start = _pos++;
                while (char.IsDigit(Peek()))
                {
                    _pos++;
                }

                value = JsonValue.Create(int.Parse(text[start.._pos], CultureInfo.InvariantCulture));
            }
            else if (char.IsLetter(c))
            {
                var name = ReadIdentifier();
                Expect('(');
                var args = new List<JsonNode?>();
                SkipSpace();
                if (Peek() != ')')
                {
                    do
                    {
                        args.Add(ParseExpression());
                        SkipSpace();
                    }
                    while (TryConsume(','));
                }

                Expect(')');
                value = evaluator.Call(name, args);
            }
            else
            {
                throw Error($"unexpected '{c}'");
            }

            while (true)
            {
                SkipSpace();
                if (TryConsume('.'))
                {
                    var property = ReadIdentifier();
                    value = value is JsonObject o && o.TryGetPropertyValue(property, out var p)
                        ? p?.DeepClone()
                        : throw Error($"no property '{property}' on {value?.ToJsonString()}");
                }
                else if (TryConsume('['))
                {
                    var index = ParseExpression();
                    Expect(']');
                    value = (value, index) switch
                    {
                        (JsonArray a, JsonValue i) when i.TryGetValue<int>(out var n) => n < a.Count
                            ? a[n]?.DeepClone()
                            : throw Error($"index {n} is outside an array of {a.Count}"),
                        (JsonObject o, JsonValue k) when k.TryGetValue<string>(out var key) => o[key]?.DeepClone(),
                        _ => throw Error($"cannot index {value?.ToJsonString()} with {index?.ToJsonString()}"),
                    };
                }
                else
                {
                    return value;
                }
            }
        }

        public void ExpectEnd()
        {
            SkipSpace();
            if (_pos != text.Length)
            {
                throw Error("trailing text");
            }
        }

        private string ReadString()
        {
            Expect('\'');
            var builder = new StringBuilder();
            while (true)
            {
                if (_pos >= text.Length)
                {
                    throw Error("unterminated string");
                }

                var c = text[_pos++];
                if (c == '\'')
                {
                    if (Peek() == '\'')
                    {
                        builder.Append('\'');
                        _pos++;
                        continue;
                    }

                    return builder.ToString();
                }

                builder.Append(c);
            }
        }

        private string ReadIdentifier()
        {
            var start = _pos;
            while (_pos < text.Length && (char.IsLetterOrDigit(text[_pos]) || text[_pos] == '_' || text[_pos] == '$'))
            {
                _pos++;
            }

            return start == _pos ? throw Error("expected a name") : text[start.._pos];
        }

        private char Peek() => _pos < text.Length ? text[_pos] : '\0';

        private void SkipSpace()
        {
            while (_pos < text.Length && char.IsWhiteSpace(text[_pos]))
            {
                _pos++;
            }
        }

        private bool TryConsume(char c)
        {
            SkipSpace();
            if (Peek() != c)
            {
                return false;
            }

            _pos++;
            return true;
        }

        private void Expect(char c)
        {
            if (!TryConsume(c))
            {
                throw Error($"expected '{c}'");
            }
        }

        private FormatException Error(string what) => new($"ARM expression [{text}] at {_pos}: {what}.");
    }
}
