namespace Serverless.Splitting.Generator.Tests;

/// <summary>Methods of every shape the generator handles (instance, nested, expression-bodied, async, void, switch, records) with arguments for each.</summary>
internal static class MethodShapes
{
    public const string Source = """
        using Serverless.Annotations;
        using Text = System.Text.StringBuilder;
        using static System.Math;

        namespace Shapes;

        public partial class Instance
        {
            private readonly int _offset = 10;

            [Splitable]
            public int Scale(int x)
            {
                const int Factor = 3;
                var scaled = x * Factor;
                if (!int.TryParse(x.ToString(), out var parsed)) { return -1; }
                var total = scaled + parsed + _offset;
                return Max(total, Factor);
            }
        }

        public static partial class Outer
        {
            public static partial class Nested
            {
                [Splitable]
                public static Task<string> NotAsync(string s, int n)
                {
                    var parts = new List<string>();
                    for (var i = 0; i < n; i++) { parts.Add(s); }
                    var text = new Text().AppendJoin("", parts).ToString();
                    return Task.FromResult(text + text.Length);
                }

                [Splitable]
                public static async ValueTask<double> Value(double d)
                {
                    var a = Sqrt(Abs(d));
                    await Task.Delay(1);
                    var b = a * 2;
                    return b;
                }

                [Splitable]
                public static int Expression(int a, int b) => a * b + 1;

                [Splitable]
                public static string Switch(object o, int k)
                {
                    var label = "none";
                    switch (k % 3)
                    {
                        case 0:
                            return "zero";
                        case 1:
                            label = "one";
                            break;
                        default:
                            label = k < 0 ? "negative" : "many";
                            break;
                    }

                    if (o is string s && s.Length > 2)
                    {
                        label += ":" + s;
                    }

                    try
                    {
                        label += "/" + (10 / (k % 5));
                    }
                    catch (DivideByZeroException)
                    {
                        label += "/div";
                    }
                    finally
                    {
                        label += "!";
                    }

                    return label;
                }

                [Splitable]
                public static async Task Void(List<int> list, int x)
                {
                    var y = x + 1;
                    await Task.Yield();
                    if (y > 100) { throw new ArgumentException("too big: " + y); }
                    list.Add(y);
                }
            }
        }

        public readonly partial record struct Point(int X, int Y)
        {
            [Splitable]
            public static Point Move(Point p, (int Dx, int Dy) delta)
            {
                var (dx, dy) = delta;
                var moved = p with { X = p.X + dx };
                moved = moved with { Y = moved.Y + dy };
                return moved;
            }
        }
        """;

    /// <summary>Each shape's function id and argument sets (JSON).</summary>
    public static IReadOnlyList<(string FunctionId, string[] Arguments)> Cases { get; } =
    [
        ("Shapes.Instance.Scale", ["""{"x":4}""", """{"x":-7}"""]),
        ("Shapes.Outer.Nested.NotAsync", ["""{"s":"ab","n":3}""", """{"s":"","n":0}"""]),
        ("Shapes.Outer.Nested.Value", ["""{"d":-16.5}""", """{"d":2}"""]),
        ("Shapes.Outer.Nested.Expression", ["""{"a":6,"b":7}"""]),
        ("Shapes.Outer.Nested.Switch", ["""{"o":"hello","k":3}""", """{"o":"x","k":5}""", """{"o":1,"k":-7}""", """{"o":"abc","k":6}"""]),
        ("Shapes.Outer.Nested.Void", ["""{"list":[1],"x":4}""", """{"list":[],"x":100}"""]),
        ("Shapes.Point.Move", ["""{"p":{"x":1,"y":2},"delta":{"item1":3,"item2":-4}}"""]),
    ];
}
