using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Serverless.Azure.State;

/// <summary>
/// Maps any string to a valid Table Storage key part and back. Characters Table Storage forbids or mishandles
/// (<c>/ \ # ?</c>, control characters, quotes, surrogates, format characters) and the scheme's own markers
/// (<c>% @ ~</c>) are escaped as <c>%XX</c> (ASCII) or <c>%uXXXX</c>; the result depends only on the input, never on
/// Unicode tables. Parts whose escaped form exceeds <see cref="MaxEscapedChars"/> characters or <see cref="MaxEscapedUtf8Bytes"/>
/// UTF-8 bytes (keys are limited to
/// 1 KiB, whether counted in UTF-8 or UTF-16 bytes) become <c>~</c> + the SHA-256 of the original; the store keeps
/// the original beside the entity.
/// </summary>
public static class TableKeys
{
    /// <summary>Escaped parts longer than this (UTF-16 code units) are hashed, so a row key of two parts stays under 1 KiB of UTF-16.</summary>
    public const int MaxEscapedChars = 250;

    /// <summary>Escaped parts longer than this (UTF-8 bytes) are hashed, so a row key of two parts stays under 1 KiB of UTF-8.</summary>
    public const int MaxEscapedUtf8Bytes = 500;

    /// <summary>Separates the variable and the producing unit in a row key; escaped inside parts, so it is unambiguous.</summary>
    public const char Separator = '@';

    private const char HashMarker = '~';

    public static string PartitionKey(string executionId) => EncodePart(executionId);

    public static string RowKey(string variable, string producingUnit) => EncodePart(variable) + Separator + EncodePart(producingUnit);

    /// <summary>The escaped form if it is short enough, else <c>~</c> + hex SHA-256 of the UTF-16 code units.</summary>
    public static string EncodePart(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var escaped = Escape(value);
        return escaped.Length <= MaxEscapedChars && Encoding.UTF8.GetByteCount(escaped) <= MaxEscapedUtf8Bytes ? escaped : HashMarker + Hash(value);
    }

    /// <summary>True when <paramref name="part"/> is a hash (the original cannot be recovered from the key).</summary>
    public static bool IsHashed(string part) => part.Length > 0 && part[0] == HashMarker;

    public static string Escape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        StringBuilder? sb = null;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (IsSafe(c))
            {
                sb?.Append(c);
                continue;
            }

            sb ??= new StringBuilder(value.Length + 16).Append(value, 0, i);
            if (c < 0x80)
            {
                sb.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append("%u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
        }

        return sb?.ToString() ?? value;
    }

    /// <summary>Reverses <see cref="Escape"/>. Throws <see cref="FormatException"/> for text <see cref="Escape"/> cannot produce.</summary>
    public static string Unescape(string escaped)
    {
        ArgumentNullException.ThrowIfNull(escaped);
        if (!escaped.Contains('%', StringComparison.Ordinal))
        {
            return escaped;
        }

        var sb = new StringBuilder(escaped.Length);
        for (var i = 0; i < escaped.Length; i++)
        {
            var c = escaped[i];
            if (c != '%')
            {
                sb.Append(c);
                continue;
            }

            var wide = i + 1 < escaped.Length && escaped[i + 1] == 'u';
            var start = wide ? i + 2 : i + 1;
            var digits = wide ? 4 : 2;
            if (start + digits > escaped.Length
                || !int.TryParse(escaped.AsSpan(start, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
            {
                throw new FormatException($"'{escaped}' is not an escaped table key: '%' at {i} is not followed by {(wide ? "u and 4" : "2")} hex digits.");
            }

            sb.Append((char)code);
            i = start + digits - 1;
        }

        return sb.ToString();
    }

    internal static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(MemoryMarshal.AsBytes(value.AsSpan())));

    private static bool IsSafe(char c)
    {
        if (c < 0x80)
        {
            return c is >= (char)0x20 and < (char)0x7F and not ('/' or '\\' or '#' or '?' or '%' or '@' or '~' or '\'' or '"');
        }

        return c switch
        {
            <= '\u009F' => false,                         // C1 controls
            >= '\uD800' and <= '\uDFFF' => false,         // surrogates (paired or not): escaped so lone ones survive
            >= '\uFDD0' and <= '\uFDEF' => false,         // noncharacters
            >= '\uFFF0' => false,                         // specials, U+FFFE, U+FFFF
            '\u00AD' or '\u061C' or '\u180E' or '\uFEFF' => false,
            >= '\u2000' and <= '\u200F' => false,         // spaces and zero-width / direction marks
            >= '\u2028' and <= '\u202F' => false,
            >= '\u205F' and <= '\u206F' => false,
            _ => true,
        };
    }
}
