namespace GatedLif.Cli.CommandLine;

/// <summary>
/// What argparse accepts and System.CommandLine does not, so that reference command lines run unchanged: any
/// unambiguous prefix of an option (<c>--epoch 5</c> for <c>--epochs 5</c>, <c>-ep 3</c> for <c>-epochs 3</c>),
/// <c>--flag=value</c> and <c>-flag=value</c>, a one-letter option with its value attached (<c>-T8</c>), and an
/// option given twice (the last one wins, as in argparse; scripts often append overrides). A single-dash token
/// that is both a prefix of a longer option and a one-letter option with an attached value is ambiguous, as in
/// argparse (<c>-T_m</c>: <c>-T</c> with "_m", or <c>-T_max</c>).
/// </summary>
public static class ArgparseCompatibility
{
    /// <param name="args">The command line.</param>
    /// <param name="valueCounts">Every option spelling and how many values it takes at most (0, 1, or many).</param>
    public static List<string> Normalize(IEnumerable<string> args, IReadOnlyDictionary<string, int> valueCounts)
    {
        // Split into occurrences of an option with its values; tokens before the first option stay as they are.
        var occurrences = new List<Occurrence>();
        foreach (var arg in args)
        {
            if (Resolve(arg, valueCounts) is { } r)
                occurrences.Add(
                    r.Value is null
                        ? new Occurrence(r.Option, [r.Option], valueCounts[r.Option])
                        : new Occurrence(r.Option, [r.Option, r.Value], 0)
                );
            else if (
                occurrences.Count > 0
                && occurrences[^1] is { Option: not null } last
                && last.Room > 0
                && !IsOptionLike(arg)
            )
                occurrences[^1] = last with { Tokens = [.. last.Tokens, arg], Room = last.Room - 1 };
            else
                occurrences.Add(new Occurrence(null, [arg], 0));
        }
        var lastIndex = new Dictionary<string, int>();
        for (int i = 0; i < occurrences.Count; i++)
            if (occurrences[i].Option is { } o)
                lastIndex[o] = i;
        return occurrences
            .Where((o, i) => o.Option is null || lastIndex[o.Option] == i)
            .SelectMany(o => o.Tokens)
            .ToList();
    }

    /// <summary>An option (or a loose token) with the tokens it took, and how many more values it may take.</summary>
    private sealed record Occurrence(string? Option, List<string> Tokens, int Room);

    /// <summary>A dash and not a number: argparse never takes such a token as an option's value.</summary>
    private static bool IsOptionLike(string token) =>
        token.Length > 1
        && token[0] == '-'
        && !double.TryParse(
            token,
            System.Globalization.NumberStyles.Float,
            System.Globalization.CultureInfo.InvariantCulture,
            out _
        );

    /// <summary>The option a token names and the value attached to it, or null when the token is not an option
    /// this command knows (a value, or an unknown option the parser reports).</summary>
    private static (string Option, string? Value)? Resolve(string token, IReadOnlyDictionary<string, int> valueCounts)
    {
        if (!IsOptionLike(token))
            return null;
        if (valueCounts.ContainsKey(token))
            return (token, null);
        int eq = token.IndexOf('=');
        if (eq > 0 && valueCounts.ContainsKey(token[..eq]))
            return (token[..eq], token[(eq + 1)..]);
        var name = eq > 0 ? token[..eq] : token;
        var candidates = valueCounts
            .Keys.Where(n => n.StartsWith(name, StringComparison.Ordinal))
            .Select(n => (Option: n, Value: eq > 0 ? token[(eq + 1)..] : null))
            .ToList();
        if (
            !name.StartsWith("--", StringComparison.Ordinal)
            && token.Length > 2
            && valueCounts.TryGetValue(token[..2], out int count)
            && count > 0
        )
            candidates.Add((token[..2], token[2..]));
        if (candidates.Count > 1)
            throw new UsageException(
                $"ambiguous option: {name} could match {string.Join(", ", candidates.Select(c => c.Option))}"
            );
        return candidates.Count == 1 ? candidates[0] : null;
    }
}
