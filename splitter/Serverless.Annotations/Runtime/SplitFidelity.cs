using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Numerics;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Serverless.Annotations.Runtime;

/// <summary>
/// The run-time round-trip guard: what static types cannot prove (a run-time subclass, a custom comparer, a shared
/// reference, a dictionary with removed slots) is checked by deserialising each value that leaves its unit and
/// comparing the copy with the original, member by member (private fields included). On in every test (the
/// <c>Serverless.VerifyRoundTrips</c> runtime switch or environment variable) and in <c>serverless run --units every</c>.
/// </summary>
public static class SplitFidelity
{
    /// <summary>The runtime configuration switch (and, with dots as double underscores, environment variable) that turns the guard on.</summary>
    public const string SwitchName = "Serverless.VerifyRoundTrips";

    private static readonly bool s_configured = Configured();
    private static volatile bool s_enabled = s_configured;

    /// <summary>True when every value leaving a unit is round-tripped and compared (off by default: it costs a deserialisation).</summary>
    public static bool Enabled
    {
        get => s_enabled;
        set => s_enabled = value;
    }

    /// <summary>
    /// Throws <see cref="SplitFidelityException"/> naming <paramref name="variable"/> when <paramref name="json"/> (the
    /// value serialised as <paramref name="type"/>) does not deserialise into a faithful copy of <paramref name="value"/>.
    /// </summary>
    public static void Verify(string variable, object? value, Type type, ReadOnlySpan<byte> json) => Verify(variable, value, type, json, toCaller: false);

    /// <summary>
    /// <see cref="Verify(string, object?, Type, ReadOnlySpan{byte})"/> for a value that goes to the caller as JSON (the
    /// function's result) rather than to another unit: a collection's comparer and removed slots are not part of what
    /// the caller receives, so they are not compared.
    /// </summary>
    public static void VerifyResult(string variable, object? value, Type type, ReadOnlySpan<byte> json) => Verify(variable, value, type, json, toCaller: true);

    private static void Verify(string variable, object? value, Type type, ReadOnlySpan<byte> json, bool toCaller)
    {
        if (type is null)
        {
            throw new ArgumentNullException(nameof(type));
        }

        object? copy;
        try
        {
            copy = SplitJson.Deserialize(json, type);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or NotSupportedException or InvalidOperationException or ArgumentException)
        {
            throw new SplitFidelityException(variable, "of type " + TypeName(type) + " is written but cannot be read back: " + ex.Message, ex);
        }

        if (new Comparer(toCaller).Compare(value, copy, variable) is { } difference)
        {
            throw new SplitFidelityException(variable, "of type " + TypeName(type) + " would not arrive intact in another unit: " + difference
                + ". Carry a value whose whole state is public settable properties of carried types (docs/splitting.md, Fidelity), or keep the statements that use it in one unit.");
        }
    }

    internal static string TypeName(Type type)
    {
        if (!type.IsGenericType)
        {
            return type.FullName ?? type.Name;
        }

        var name = type.GetGenericTypeDefinition().FullName ?? type.Name;
        var tick = name.IndexOf('`');
        return (tick < 0 ? name : name.Substring(0, tick)) + "<" + string.Join(", ", type.GetGenericArguments().Select(TypeName)) + ">";
    }

    private static bool Configured()
    {
        if (AppContext.TryGetSwitch(SwitchName, out var on))
        {
            return on;
        }

        var env = Environment.GetEnvironmentVariable(SwitchName.Replace(".", "__"));
        return env is not null && (env == "1" || env.Equals("true", StringComparison.OrdinalIgnoreCase));
    }

    private sealed class Comparer
    {
        private static readonly HashSet<Type> s_scalars =
        [
            typeof(string), typeof(decimal), typeof(DateTime), typeof(DateTimeOffset), typeof(TimeSpan), typeof(Guid),
            typeof(Uri), typeof(Version), typeof(BigInteger),
        ];

        private static readonly HashSet<string> s_scalarNames = new(StringComparer.Ordinal)
        {
            "System.DateOnly", "System.TimeOnly", "System.Half", "System.Int128", "System.UInt128",
        };

        private readonly Dictionary<object, object> _seen = new(ReferenceComparer.Instance);
        private readonly bool _toCaller;

        public Comparer(bool toCaller) => _toCaller = toCaller;

        public string? Compare(object? original, object? copy, string path)
        {
            if (original is null || copy is null)
            {
                return original is null && copy is null ? null : path + " is " + Show(original) + " but arrives as " + Show(copy);
            }

            var type = original.GetType();
            if (type != copy.GetType())
            {
                return path + " has run-time type " + TypeName(type) + " but arrives as " + TypeName(copy.GetType())
                    + " (a value is carried as its declared type; a subclass or other run-time type loses what it adds)";
            }

            if (type.IsPrimitive || type.IsEnum || s_scalars.Contains(type) || s_scalarNames.Contains(type.FullName ?? string.Empty))
            {
                return ScalarEquals(original, copy) ? null : path + " is " + Show(original) + " but arrives as " + Show(copy);
            }

            if (!type.IsValueType)
            {
                if (_seen.TryGetValue(original, out _))
                {
                    return IsMutable(original)
                        ? path + " is the same object as another part of the value (a shared reference); the copy holds two separate objects, so a later change through one would not show through the other"
                        : null;
                }

                _seen[original] = copy;
            }

            if (original is Array a)
            {
                var b = (Array)copy;
                if (a.Length != b.Length)
                {
                    return path + " has " + a.Length + " elements but arrives with " + b.Length;
                }

                for (var i = 0; i < a.Length; i++)
                {
                    if (Compare(a.GetValue(i), b.GetValue(i), path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]") is { } d)
                    {
                        return d;
                    }
                }

                return null;
            }

            if (original is IEnumerable sequence && copy is IEnumerable copied)
            {
                return (_toCaller ? null : CollectionState(original, copy, path)) ?? CompareSequences(sequence, copied, path);
            }

            for (var t = type; t is not null && t != typeof(object) && t != typeof(ValueType); t = t.BaseType)
            {
                foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                {
                    if (Compare(field.GetValue(original), field.GetValue(copy), path + "." + MemberName(field)) is { } d)
                    {
                        return d;
                    }
                }
            }

            return null;
        }

        private static string? CollectionState(object original, object copy, string path)
        {
            var comparer = original.GetType().GetProperty("Comparer", BindingFlags.Instance | BindingFlags.Public);
            if (comparer is not null && comparer.GetIndexParameters().Length == 0
                && !SameComparer(comparer.PropertyType, comparer.GetValue(original), comparer.GetValue(copy)))
            {
                return path + " uses the comparer " + comparer.GetValue(original)?.GetType().Name + ", which is not carried (the copy uses the default comparer)";
            }

            var free = original.GetType().GetField("_freeCount", BindingFlags.Instance | BindingFlags.NonPublic);
            if (free is not null && free.FieldType == typeof(int) && (int)free.GetValue(original)! > 0)
            {
                return path + " has had entries removed; the copy cannot reproduce the free slots, so its enumeration order after further additions would differ (build a new collection without the removed entries instead)";
            }

            return null;
        }

        private static bool SameComparer(Type type, object? a, object? b)
        {
            if (Equals(a, b))
            {
                return true;
            }

            // For string equality, StringComparer.Ordinal is the default comparer under another name.
            return type == typeof(IEqualityComparer<string>)
                && (a is null || Equals(a, StringComparer.Ordinal) || Equals(a, EqualityComparer<string>.Default))
                && (b is null || Equals(b, StringComparer.Ordinal) || Equals(b, EqualityComparer<string>.Default));
        }

        private string? CompareSequences(IEnumerable original, IEnumerable copy, string path)
        {
            var a = original.GetEnumerator();
            var b = copy.GetEnumerator();
            for (var i = 0; ; i++)
            {
                var hasA = a.MoveNext();
                var hasB = b.MoveNext();
                if (hasA != hasB)
                {
                    return path + (hasA ? " has more elements than arrive (" : " arrives with more elements than it has (") + i.ToString(CultureInfo.InvariantCulture) + " match)";
                }

                if (!hasA)
                {
                    return null;
                }

                if (Compare(a.Current, b.Current, path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]") is { } d)
                {
                    return d;
                }
            }
        }

        private static bool ScalarEquals(object a, object b) => a switch
        {
            double d => BitConverter.DoubleToInt64Bits(d) == BitConverter.DoubleToInt64Bits((double)b),
            float f => BitConverter.DoubleToInt64Bits(f) == BitConverter.DoubleToInt64Bits((float)b),
            DateTime t => t.Ticks == ((DateTime)b).Ticks && t.Kind == ((DateTime)b).Kind,
            DateTimeOffset o => o.EqualsExact((DateTimeOffset)b),
            Uri u => u.OriginalString == ((Uri)b).OriginalString,
            _ => a.Equals(b),
        };

        private static bool IsMutable(object value)
        {
            if (value is string)
            {
                return false;
            }

            if (value is Array array)
            {
                return array.Length > 0;
            }

            for (var t = value.GetType(); t is not null && t != typeof(object); t = t.BaseType)
            {
                if (t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly).Any(f => !f.IsInitOnly))
                {
                    return true;
                }
            }

            return false;
        }

        private static string MemberName(FieldInfo field)
        {
            var name = field.Name;
            if (name.StartsWith("<", StringComparison.Ordinal) && name.IndexOf('>') is var end and > 1)
            {
                return name.Substring(1, end - 1);
            }

            return name;
        }

        private static string Show(object? value) => value switch
        {
            null => "null",
            string s => "\"" + (s.Length > 40 ? s.Substring(0, 40) + "…" : s) + "\"",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => TypeName(value.GetType()),
        };
    }

    private sealed class ReferenceComparer : IEqualityComparer<object>
    {
        public static readonly ReferenceComparer Instance = new();

        public new bool Equals(object? x, object? y) => ReferenceEquals(x, y);

        public int GetHashCode(object obj) => RuntimeHelpers.GetHashCode(obj);
    }
}
