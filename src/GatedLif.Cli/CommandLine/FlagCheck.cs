using System.Globalization;

namespace GatedLif.Cli.CommandLine;

/// <summary>
/// What one flag's value must satisfy on its own, declared in the flag's row of a <see cref="FlagTable{TOptions}"/>:
/// the parse fails with "FLAG must ... (got VALUE)". Checks across flags stay with the command that knows them.
/// </summary>
public sealed record FlagCheck<T>(Func<T, bool> Holds, string Requirement);

public static class FlagCheck
{
    public static FlagCheck<int> AtLeast(int minimum) => new(v => v >= minimum, $"must be at least {minimum}");

    /// <summary>For a flag without a default: checked only when given.</summary>
    public static FlagCheck<int?> AtLeastWhenGiven(int minimum) =>
        new(v => v is null || v >= minimum, $"must be at least {minimum}");

    public static FlagCheck<double> Within(double above, double upTo) =>
        new(v => v > above && v <= upTo, string.Create(CultureInfo.InvariantCulture, $"must be in ({above}, {upTo}]"));

    public static FlagCheck<string> OneOf(IReadOnlyCollection<string> values) =>
        new(values.Contains, $"must be one of {string.Join(", ", values)}");

    /// <summary>The error for <paramref name="value"/> of <paramref name="flag"/>, or null when it holds.</summary>
    public static string? Error<T>(this FlagCheck<T> check, string flag, T value) =>
        check.Holds(value)
            ? null
            : string.Create(
                CultureInfo.InvariantCulture,
                $"{flag} {check.Requirement} (got {(value is string s ? $"'{s}'" : value)})"
            );
}
