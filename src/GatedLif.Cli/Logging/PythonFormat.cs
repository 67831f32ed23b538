using System.Globalization;

namespace GatedLif.Cli.Logging;

/// <summary>
/// Python's text for numbers in the reference's print lines: <c>repr(float)</c> (shortest round trip, exponent
/// form below 1e-4 and from 1e16, like <c>1e-05</c>) and <c>'{:.0f}'</c> (round half to even).
/// </summary>
public static class PythonFormat
{
    public static string Repr(double value)
    {
        if (double.IsNaN(value))
            return "nan";
        if (double.IsInfinity(value))
            return value > 0 ? "inf" : "-inf";
        if (value == 0)
            return double.IsNegative(value) ? "-0.0" : "0.0";
        // "E16" gives 17 significant digits; "R" gives the shortest digits that round-trip, which Python uses too.
        var shortest = value.ToString("R", CultureInfo.InvariantCulture);
        var (digits, exponent, negative) = Decompose(shortest);
        string sign = negative ? "-" : "";
        if (exponent < -4 || exponent >= 16)
        {
            var mantissa = digits.Length == 1 ? digits : digits[0] + "." + digits[1..];
            return $"{sign}{mantissa}e{(exponent < 0 ? "-" : "+")}{Math.Abs(exponent):00}";
        }
        if (exponent < 0)
            return $"{sign}0.{new string('0', -exponent - 1)}{digits}";
        if (digits.Length <= exponent + 1)
            return $"{sign}{digits}{new string('0', exponent + 1 - digits.Length)}.0";
        return $"{sign}{digits[..(exponent + 1)]}.{digits[(exponent + 1)..]}";
    }

    /// <summary>Python's <c>str(list_of_floats)</c>, e.g. <c>[0.1, 0.01]</c>.</summary>
    public static string ReprList(IEnumerable<double> values) => "[" + string.Join(", ", values.Select(Repr)) + "]";

    /// <summary><c>'{:.0f}'.format(value)</c>: round half to even.</summary>
    public static string Fixed0(double value) =>
        Math.Round(value, MidpointRounding.ToEven).ToString("F0", CultureInfo.InvariantCulture);

    /// <summary>The significant digits (no leading/trailing zeros), the decimal exponent of the first, and the
    /// sign.</summary>
    private static (string Digits, int Exponent, bool Negative) Decompose(string roundTrip)
    {
        bool negative = roundTrip.StartsWith('-');
        var text = negative ? roundTrip[1..] : roundTrip;
        int exponent = 0;
        int e = text.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(text[(e + 1)..], CultureInfo.InvariantCulture);
            text = text[..e];
        }
        int point = text.IndexOf('.');
        string integer = point < 0 ? text : text[..point];
        string fraction = point < 0 ? "" : text[(point + 1)..];
        string all = integer + fraction;
        int firstNonZero = all.TakeWhile(c => c == '0').Count();
        exponent += integer.Length - 1 - firstNonZero;
        string digits = all[firstNonZero..].TrimEnd('0');
        return (digits.Length == 0 ? "0" : digits, exponent, negative);
    }
}
