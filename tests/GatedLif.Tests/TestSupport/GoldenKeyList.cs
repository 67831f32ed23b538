namespace GatedLif.Tests.TestSupport;

/// <summary>
/// A key list written by the reference (../shared/golden/keys): a first line naming the train.py flags, then one
/// <c>key\t[shape]\tdtype</c> line per state_dict entry.
/// </summary>
public sealed record GoldenKeyList(string[] Flags, IReadOnlyList<string> Lines)
{
    public static GoldenKeyList Read(string listName)
    {
        var lines = File.ReadAllLines(Path.Combine(RepoPaths.Golden, "keys", listName));
        // The CIFAR10-DVS lists have no flags line.
        if (!lines[0].StartsWith('#'))
            return new GoldenKeyList([], lines.Where(l => l.Length > 0).ToList());
        var flags = lines[0]
            .Split("flags:")[1]
            .Split(';')[0]
            .Replace("(no model flag)", "")
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return new GoldenKeyList(flags, lines.Skip(1).Where(l => l.Length > 0).ToList());
    }

    /// <summary>
    /// The list without the tdBN <c>Vth</c> buffers (a <c>Vth</c> beside a <c>running_mean</c>): the keys of the
    /// reference's ImageNet models after its BatchNorm conversion, which are the ones we build.
    /// </summary>
    public GoldenKeyList WithoutBatchNormVth()
    {
        var keys = Lines.Select(l => l.Split('\t')[0]).ToHashSet();
        return this with
        {
            Lines = Lines
                .Where(l =>
                    !(
                        l.Split('\t')[0] is var key
                        && key.EndsWith(".Vth", StringComparison.Ordinal)
                        && keys.Contains(key[..^".Vth".Length] + ".running_mean")
                    )
                )
                .ToList(),
        };
    }

    public Dictionary<string, long[]> Shapes() =>
        Lines
            .Select(l => l.Split('\t'))
            .ToDictionary(
                p => p[0],
                p =>
                    p[1]
                        .Trim('[', ']')
                        .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                        .Select(long.Parse)
                        .ToArray()
            );
}
