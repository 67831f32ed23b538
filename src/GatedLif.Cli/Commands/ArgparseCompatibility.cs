namespace GatedLif.Cli.Commands;

/// <summary>
/// What argparse accepts and System.CommandLine does not, so that reference command lines run unchanged:
/// any unambiguous prefix of a long flag (<c>--epoch 5</c> for <c>--epochs 5</c>), <c>--flag=value</c>, and a
/// flag given twice (the last one wins, as in argparse; scripts often append overrides).
/// </summary>
public static class ArgparseCompatibility
{
    /// <param name="args">The command line.</param>
    /// <param name="valueCounts">Every long flag and how many values it takes at most (0, 1, or many).</param>
    public static List<string> Normalize(IEnumerable<string> args, IReadOnlyDictionary<string, int> valueCounts)
    {
        var tokens = args.Select(a => ExpandPrefix(a, valueCounts.Keys)).ToList();
        // Split into (flag, values) occurrences; tokens before the first flag stay as they are.
        var occurrences = new List<(string? Flag, List<string> Tokens)>();
        foreach (var token in tokens)
        {
            var name = FlagName(token);
            if (name is not null && valueCounts.ContainsKey(name))
                occurrences.Add((name, [token]));
            else if (occurrences.Count > 0 && occurrences[^1].Flag is { } flag && TakesMore(occurrences[^1], valueCounts[flag]))
                occurrences[^1].Tokens.Add(token);
            else
                occurrences.Add((null, [token]));
        }
        var lastIndex = new Dictionary<string, int>();
        for (int i = 0; i < occurrences.Count; i++)
            if (occurrences[i].Flag is { } f) lastIndex[f] = i;
        return occurrences
            .Where((o, i) => o.Flag is null || lastIndex[o.Flag] == i)
            .SelectMany(o => o.Tokens)
            .ToList();
    }

    private static bool TakesMore((string? Flag, List<string> Tokens) occurrence, int maxValues)
    {
        if (occurrence.Tokens[0].Contains('=')) return false;
        return occurrence.Tokens.Count - 1 < maxValues;
    }

    private static string? FlagName(string token)
    {
        if (!token.StartsWith("--", StringComparison.Ordinal) || token.Length <= 2) return null;
        int eq = token.IndexOf('=');
        return eq < 0 ? token : token[..eq];
    }

    private static string ExpandPrefix(string token, IEnumerable<string> longNames)
    {
        var name = FlagName(token);
        if (name is null) return token;
        var names = longNames.ToList();
        if (names.Contains(name)) return token;
        var matches = names.Where(n => n.StartsWith(name, StringComparison.Ordinal)).ToList();
        if (matches.Count > 1)
            throw new UsageException($"ambiguous option: {name} could match {string.Join(", ", matches)}");
        return matches.Count == 1 ? matches[0] + token[name.Length..] : token;
    }
}
