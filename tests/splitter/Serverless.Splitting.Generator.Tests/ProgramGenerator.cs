using System.Globalization;
using System.Text;

namespace Serverless.Splitting.Generator.Tests;

/// <summary>
/// Random splittable methods: straight-line programs over locals of several types (int, long, double, string,
/// List&lt;int&gt;, a record), with conditional writes, loops with accumulators, list mutation, deconstruction,
/// out variables, try/catch, awaits, early returns and throws; and, in some methods, static state of the class (an
/// int field, a list field, a property over the field, helpers that change and read it) written and read in any order.
/// No aliasing of mutable objects (JSON cannot keep it).
/// </summary>
internal sealed class ProgramGenerator
{
    private readonly Random _random;
    private readonly List<(string Name, string Type)> _vars = [];
    private readonly StringBuilder _body = new();
    private int _next;
    private int _statements;
    private bool _statics;

    private ProgramGenerator(Random random) => _random = random;

    public const string Prelude = """
        namespace Gen;

        public sealed record P(int X, string Y);
        """;

    /// <summary>A static partial class with one [Splitable] method named <paramref name="name"/>.</summary>
    public static string Method(string name, Random random, int statements, bool isAsync)
    {
        var g = new ProgramGenerator(random);
        return g.Build(name, statements, isAsync);
    }

    /// <summary>The prelude and <paramref name="count"/> random methods <c>M0…</c> of 2 to 15 statements each.</summary>
    public static List<string> Sources(Random random, bool isAsync, int count = 12)
    {
        ArgumentNullException.ThrowIfNull(random);
        var sources = new List<string> { Prelude };
        for (var i = 0; i < count; i++)
        {
            sources.Add(Method("M" + i, random, statements: random.Next(2, 16), isAsync));
        }

        return sources;
    }

    /// <summary>Random JSON arguments for the generated signature <c>(int a, string s, List&lt;int&gt; l)</c>.</summary>
    public static string Arguments(Random random)
        => $"{{\"a\":{random.Next(-20, 40)},\"s\":\"{new string('x', random.Next(0, 4))}{random.Next(100)}\",\"l\":[{string.Join(",", Enumerable.Range(0, random.Next(0, 6)).Select(_ => random.Next(-9, 30)))}]}}";

    private string Build(string name, int statements, bool isAsync)
    {
        _vars.Add(("a", "int"));
        _vars.Add(("s", "string"));
        _vars.Add(("l", "List<int>"));
        _statics = _random.Next(2) == 0;
        _statements = 0;
        if (_statics)
        {
            // Each call starts from the same static state, so the direct call and every split see the same.
            Line("_counter = 0;");
            Line("_log.Clear();");
        }

        while (_statements < statements - 1)
        {
            Statement(isAsync);
        }

        var all = string.Join(" + \"|\" + ", _vars.Select(v => Show(v.Name, v.Type)));
        if (_statics)
        {
            all += " + \"|\" + _counter + \"|[\" + string.Join(\",\", _log) + \"]\"";
        }

        Line($"return {all};");
        var signature = isAsync ? $"public static async Task<string> {name}(int a, string s, List<int> l)" : $"public static string {name}(int a, string s, List<int> l)";
        return $$"""
            namespace Gen;

            public static partial class Programs_{{name}}
            {
                private static int _counter;
                private static readonly List<int> _log = new();

                private static int Counter { get => _counter; set => _counter = value; }

                private static void Bump(int by) => _counter += by;

                private static int Peek() => _counter * 2 + _log.Count;

                [Serverless.Annotations.Splitable]
                {{signature}}
                {
            {{_body}}    }
            }
            """;
    }

    private void Line(string code)
    {
        _body.Append("        ").AppendLine(code);
        _statements++;
    }

    private void Statement(bool isAsync)
    {
        if (_statics && _random.Next(3) == 0)
        {
            StaticStatement();
            return;
        }

        switch (_random.Next(isAsync ? 16 : 14))
        {
            case 0:
            case 1:
            case 2:
                Declare();
                break;
            case 3:
                Assign();
                break;
            case 4:
                {
                    var l = Pick("List<int>");
                    if (l is not null)
                    {
                        Line(_random.Next(2) == 0 ? $"{l}.Add({Int()});" : $"if ({l}.Count > 0) {l}.RemoveAt({l}.Count - 1);");
                    }

                    break;
                }

            case 5:
                {
                    var v = _vars[_random.Next(_vars.Count)];
                    Line($"if ({Int()} % 3 == 0) {v.Name} = {Expr(v.Type)};");
                    break;
                }

            case 6:
                {
                    var l = Pick("List<int>") ?? "l";
                    var acc = Fresh("int");
                    _vars.RemoveAt(_vars.Count - 1);
                    Line($"var {acc} = 0;");
                    Line($"for (var i = 0; i < {l}.Count; i++) {{ {acc} += {l}[i] * (i + 1); }}");
                    _vars.Add((acc, "int"));
                    break;
                }

            case 7:
                Line($"if ({Int()} > {_random.Next(10, 60)}) return {string.Join(" + \"/\" + ", _vars.Take(3).Select(v => Show(v.Name, v.Type)))};");
                break;
            case 8:
                Line($"if ({Int()} % 11 == 7) throw new InvalidOperationException(\"boom \" + {Str()});");
                break;
            case 9:
                {
                    var (c, e1, e2) = (Int(), Int(), Int());
                    var x = Fresh("int");
                    Line($"int {x};");
                    Line($"if ({c} % 2 == 0) {{ {x} = {e1}; }} else {{ {x} = {e2} - 1; }}");
                    break;
                }

            case 10:
                {
                    var (e1, e2) = (Int(), Int());
                    var x = Fresh("int");
                    Line($"var {x} = {e1} / ({e2} % 9);");
                    break;
                }

            case 11:
                {
                    var ints = _vars.Where(v => v.Type == "int").Select(v => v.Name).ToList();
                    if (ints.Count >= 2)
                    {
                        var i = _random.Next(ints.Count);
                        var j = (i + 1 + _random.Next(ints.Count - 1)) % ints.Count;
                        Line($"({ints[i]}, {ints[j]}) = ({ints[j]}, {ints[i]} + 1);");
                    }

                    break;
                }

            case 12:
                {
                    var text = Str();
                    var ok = Fresh("bool");
                    var n = Fresh("int");
                    Line($"var {ok} = int.TryParse({text}, out var {n});");
                    break;
                }

            case 13:
                {
                    var (e1, e2) = (Int(), Int());
                    var x = Fresh("int");
                    Line($"int {x};");
                    Line($"try {{ {x} = checked({e1} * 1000) / ({e2} % 3); }} catch (DivideByZeroException) {{ {x} = -1; }}");
                    break;
                }

            case 14:
                Line("await Task.Yield();");
                break;
            default:
                {
                    var t = _random.Next(2) == 0 ? "int" : "string";
                    var expr = Expr(t);
                    var x = Fresh(t);
                    Line($"var {x} = await Task.FromResult({expr});");
                    break;
                }
        }
    }

    /// <summary>A write or a read of the class's static state, directly, through the property or through a helper.</summary>
    private void StaticStatement()
    {
        switch (_random.Next(9))
        {
            case 0:
                Line(_random.Next(2) == 0 ? $"_counter += {Int()};" : $"_counter = {Int()};");
                break;
            case 1:
                Line($"Bump({Int()});");
                break;
            case 2:
                Line($"Counter = Counter * 2 + {Int()};");
                break;
            case 3:
                Line($"_log.Add({Int()});");
                break;
            case 4:
                Line($"foreach (var x in {Pick("List<int>") ?? "l"}) {{ _counter++; }}");
                break;
            case 5:
                {
                    var e = Int();
                    Line($"var {Fresh("int")} = _counter + {e};");
                    break;
                }

            case 6:
                Line($"var {Fresh("int")} = Peek();");
                break;
            case 7:
                Line($"var {Fresh("int")} = _log.Count * 10 + _log.Sum();");
                break;
            default:
                Line($"var {Fresh("int")} = Counter;");
                break;
        }
    }

    private void Declare()
    {
        string[] types = ["int", "long", "double", "string", "List<int>", "P"];
        var type = types[_random.Next(types.Length)];
        var expr = Expr(type);
        var x = Fresh(type);
        Line($"{Decl(type)} {x} = {expr};");
    }

    private void Assign()
    {
        var v = _vars[_random.Next(_vars.Count)];
        switch (v.Type)
        {
            case "int" when _random.Next(2) == 0:
                Line($"{v.Name} += {Int()};");
                break;
            case "string" when _random.Next(2) == 0:
                Line($"{v.Name} += {Str()};");
                break;
            case "P":
                Line($"{v.Name} = {v.Name} with {{ X = {Int()} }};");
                break;
            default:
                Line($"{v.Name} = {Expr(v.Type)};");
                break;
        }
    }

    private static string Decl(string type) => type == "List<int>" ? "List<int>" : type;

    private string Fresh(string type)
    {
        var name = "v" + _next++.ToString(CultureInfo.InvariantCulture);
        _vars.Add((name, type));
        return name;
    }

    private string? Pick(string type)
    {
        var candidates = _vars.Where(v => v.Type == type).ToList();
        return candidates.Count == 0 ? null : candidates[_random.Next(candidates.Count)].Name;
    }

    private string Expr(string type) => type switch
    {
        "int" => Int(),
        "long" => $"(long){Int()} * 100003L + {Int()}",
        "double" => _random.Next(2) == 0 ? $"{Int()} / 3.0" : $"Math.Sqrt(Math.Abs({Int()})) + 0.5",
        "string" => Str(),
        "bool" => $"{Int()} > 0",
        "List<int>" => _random.Next(3) switch
        {
            0 => $"new List<int> {{ {Int()}, {Int()} }}",
            1 => $"{Pick("List<int>") ?? "l"}.Where(x => x % 2 == 0).ToList()",
            _ => $"{Pick("List<int>") ?? "l"}.Select(x => x + {Int()}).ToList()",
        },
        "P" => Pick("P") is { } p && _random.Next(2) == 0 ? $"{p} with {{ Y = {Str()} }}" : $"new P({Int()}, {Str()})",
        _ => throw new InvalidOperationException(type),
    };

    private string Int()
    {
        var atoms = new List<string> { _random.Next(-5, 20).ToString(CultureInfo.InvariantCulture) };
        atoms.AddRange(_vars.Where(v => v.Type == "int").Select(v => v.Name));
        atoms.AddRange(_vars.Where(v => v.Type == "string").Select(v => v.Name + ".Length"));
        atoms.AddRange(_vars.Where(v => v.Type == "List<int>").Select(v => v.Name + ".Count"));
        atoms.AddRange(_vars.Where(v => v.Type == "List<int>").Select(v => v.Name + ".Sum()"));
        atoms.AddRange(_vars.Where(v => v.Type == "P").Select(v => v.Name + ".X"));
        atoms.AddRange(_vars.Where(v => v.Type == "long").Select(v => $"(int)({v.Name} % 1000)"));
        atoms.AddRange(_vars.Where(v => v.Type == "bool").Select(v => $"({v.Name} ? 1 : 0)"));
        if (_statics)
        {
            atoms.Add("_counter");
        }

        string Atom() => atoms[_random.Next(atoms.Count)];
        return _random.Next(3) switch
        {
            0 => Atom(),
            1 => $"({Atom()} + {Atom()})",
            _ => $"({Atom()} * 3 - {Atom()})",
        };
    }

    private string Str()
    {
        var atoms = new List<string> { $"\"k{_random.Next(10)}\"" };
        atoms.AddRange(_vars.Where(v => v.Type == "string").Select(v => v.Name));
        atoms.AddRange(_vars.Where(v => v.Type == "P").Select(v => v.Name + ".Y"));
        string Atom() => atoms[_random.Next(atoms.Count)];
        return _random.Next(3) switch
        {
            0 => Atom(),
            1 => $"{Atom()} + {Int()}",
            _ => $"string.Join(\",\", {Pick("List<int>") ?? "l"})",
        };
    }

    private static string Show(string name, string type) => type switch
    {
        "List<int>" => $"\"[\" + string.Join(\",\", {name}) + \"]\"",
        "double" => $"{name}.ToString(\"R\", System.Globalization.CultureInfo.InvariantCulture)",
        _ => $"{name}",
    };
}
