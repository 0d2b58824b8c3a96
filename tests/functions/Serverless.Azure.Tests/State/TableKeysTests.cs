using System.Text;
using CsCheck;
using Serverless.Azure.State;

namespace Serverless.Azure.Tests.State;

public sealed class TableKeysTests
{
    private static readonly Gen<string> HostileString = Gen.OneOf(
        Gen.String,
        Gen.Char["/\\#?%@~'\"\u0000\u0001\u007F\u0085\u200B\uD800\uDC00\uFEFF\uFFFFaü变 "].Array[0, 40].Select(c => new string(c)),
        Gen.Char.Array[300, 900].Select(c => new string(c)));

    [Fact]
    public void Escape_AnyString_UnescapesToTheSameString()
        => HostileString.Sample(s => Assert.Equal(s, TableKeys.Unescape(TableKeys.Escape(s))), iter: 2000);

    [Fact]
    public void Escape_AnyString_HasNoCharacterTableStorageForbidsOrTheSchemeReserves()
        => HostileString.Sample(s =>
        {
            var e = TableKeys.Escape(s);
            Assert.DoesNotContain(e, c => c is '/' or '\\' or '#' or '?' or '@' or '~' or '\'' || char.IsControl(c) || char.IsSurrogate(c));
        }, iter: 2000);

    [Fact]
    public void EncodePart_DifferentStrings_GiveDifferentParts()
        => Gen.Select(HostileString, HostileString).Sample((a, b) =>
        {
            if (!string.Equals(a, b, StringComparison.Ordinal))
            {
                Assert.NotEqual(TableKeys.EncodePart(a), TableKeys.EncodePart(b));
                Assert.NotEqual(TableKeys.RowKey(a, b), TableKeys.RowKey(b, a));
            }
        }, iter: 2000);

    [Fact]
    public void RowKey_AnyParts_FitsTheOneKiBKeyLimitInUtf8AndUtf16()
        => Gen.Select(HostileString, HostileString).Sample((a, b) =>
        {
            var key = TableKeys.RowKey(a, b);
            Assert.True(Encoding.UTF8.GetByteCount(key) <= 1024, $"{Encoding.UTF8.GetByteCount(key)} UTF-8 bytes");
            Assert.True(key.Length * 2 <= 1024, $"{key.Length} chars");
        }, iter: 1000);

    [Fact]
    public void EncodePart_LongString_IsHashedShortStringIsNot()
    {
        Assert.True(TableKeys.IsHashed(TableKeys.EncodePart(new string('x', 1024))));
        Assert.False(TableKeys.IsHashed(TableKeys.EncodePart("~x")));
        Assert.Equal("a%2Fb", TableKeys.EncodePart("a/b"));
    }

    [Theory]
    [InlineData("%")]
    [InlineData("%4")]
    [InlineData("%u12")]
    [InlineData("%zz")]
    public void Unescape_Malformed_ThrowsFormatExceptionExplaining(string text)
    {
        var ex = Assert.Throws<FormatException>(() => TableKeys.Unescape(text));
        Assert.Contains("hex digits", ex.Message, StringComparison.Ordinal);
    }
}
