namespace GatedLif.Cli.Commands;

/// <summary>
/// argparse accepts any unambiguous prefix of a long flag (<c>--epoch 5</c> means <c>--epochs 5</c>), and
/// reference command lines rely on it; System.CommandLine does not, so prefixes are expanded before parsing.
/// </summary>
public static class ArgparsePrefixes
{
    public static IEnumerable<string> Expand(IEnumerable<string> args, IReadOnlyList<string> longNames)
    {
        foreach (var arg in args)
        {
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length <= 2)
            {
                yield return arg;
                continue;
            }
            int eq = arg.IndexOf('=');
            var name = eq < 0 ? arg : arg[..eq];
            var suffix = eq < 0 ? "" : arg[eq..];
            if (longNames.Contains(name))
            {
                yield return arg;
                continue;
            }
            var matches = longNames.Where(n => n.StartsWith(name, StringComparison.Ordinal)).ToList();
            if (matches.Count > 1)
                throw new UsageException($"ambiguous option: {name} could match {string.Join(", ", matches)}");
            yield return matches.Count == 1 ? matches[0] + suffix : arg;
        }
    }
}
