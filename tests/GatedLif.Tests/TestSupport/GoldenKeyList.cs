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
        var flags = lines[0].Split("flags:")[1].Split(';')[0].Replace("(no model flag)", "")
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return new GoldenKeyList(flags, lines.Skip(1).Where(l => l.Length > 0).ToList());
    }

    public Dictionary<string, long[]> Shapes() => Lines.Select(l => l.Split('\t')).ToDictionary(
        p => p[0],
        p => p[1].Trim('[', ']').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(long.Parse).ToArray());
}
