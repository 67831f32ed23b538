using System.Globalization;
using System.Runtime.CompilerServices;

namespace GatedLif.Cli.Logging;

/// <summary>
/// An interpolated string formatted in the invariant culture, as Python formats numbers whatever the locale. Unlike
/// a <see cref="FormattableString"/> parameter it also takes a long line written as <c>$"…" + $"…"</c>, which the
/// compiler hands over as one interpolated string.
/// </summary>
[InterpolatedStringHandler]
public ref struct InvariantText
{
    private DefaultInterpolatedStringHandler _text;

    public InvariantText(int literalLength, int formattedCount) =>
        _text = new DefaultInterpolatedStringHandler(literalLength, formattedCount, CultureInfo.InvariantCulture);

    public void AppendLiteral(string value) => _text.AppendLiteral(value);

    public void AppendFormatted<T>(T value, int alignment = 0, string? format = null) =>
        _text.AppendFormatted(value, alignment, format);

    public void AppendFormatted(ReadOnlySpan<char> value, int alignment = 0, string? format = null) =>
        _text.AppendFormatted(value, alignment, format);

    public override string ToString() => _text.ToStringAndClear();
}
