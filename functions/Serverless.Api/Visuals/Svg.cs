using System.Globalization;
using System.Text;

namespace Serverless.Api.Visuals;

/// <summary>Minimal SVG writing helpers: escaping and invariant number formatting.</summary>
internal static class Svg
{
    public static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\'': sb.Append("&apos;"); break;
                default:
                    // XML 1.0 forbids most control characters even escaped: drop them.
                    if (c >= 0x20 || c is '\t' or '\n' or '\r')
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.ToString();
    }

    public static string N(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    public static string SegmentsLabel(IReadOnlyList<int> segments)
        => segments.Count == 0 ? "∅" : "s" + string.Join(",", segments);
}
