using System.IO.Compression;
using System.Text;

namespace GatedLif.Tests.Fuzzing;

/// <summary>
/// Mutations that know a container: a zip's entries (one mutated inside, duplicated, renamed to escape the folder,
/// dropped), a gzip's content (mutated under a valid gzip wrapper, which byte flips alone would rarely get past
/// its CRC), and deep nesting in a pickle or a JSON text.
/// </summary>
internal static class StructuredMutations
{
    private static readonly string[] EscapingNames =
    [
        "../escaped",
        "../../escaped",
        "/tmp/gatedlif-fuzz-escaped",
        "a/../../escaped",
        "",
        "x/\0y",
    ];

    public static byte[] Zip(
        byte[] zip,
        Random random,
        Func<byte[], Random, byte[]> mutateEntry,
        CompressionLevel level
    )
    {
        List<(string Name, byte[] Content)> entries;
        try
        {
            using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
            entries = archive.Entries.Select(e => (e.FullName, ReadAll(e))).ToList();
        }
        catch (InvalidDataException)
        {
            return ByteMutations.Mutate(zip, random);
        }
        if (entries.Count == 0)
            return ByteMutations.Mutate(zip, random);
        int at = random.Next(entries.Count);
        switch (random.Next(6))
        {
            case 0:
                entries.Insert(
                    random.Next(entries.Count + 1),
                    (entries[at].Name, ByteMutations.Mutate(entries[at].Content, random))
                );
                break;
            case 1:
                entries[at] = (EscapingNames[random.Next(EscapingNames.Length)], entries[at].Content);
                break;
            case 2:
                entries.RemoveAt(at);
                break;
            default:
                entries[at] = (entries[at].Name, mutateEntry(entries[at].Content, random));
                break;
        }
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var stream = archive.CreateEntry(name.Length == 0 ? "_" : name, level).Open();
                stream.Write(content);
            }
        }
        return buffer.ToArray();
    }

    public static byte[] Gzip(byte[] gzip, Random random, Func<byte[], Random, byte[]> mutateContent)
    {
        byte[] content;
        try
        {
            using var input = new GZipStream(new MemoryStream(gzip), CompressionMode.Decompress);
            using var plain = new MemoryStream();
            input.CopyTo(plain);
            content = plain.ToArray();
        }
        catch (InvalidDataException)
        {
            return ByteMutations.Mutate(gzip, random);
        }
        using var buffer = new MemoryStream();
        using (var output = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
            output.Write(mutateContent(content, random));
        return buffer.ToArray();
    }

    /// <summary>A run of <c>EMPTY_LIST</c> then <c>APPEND</c>s, which leaves one list nested thousands deep on the
    /// stack, inserted before a random opcode byte (or the final STOP).</summary>
    public static byte[] PickleNesting(byte[] pickle, Random random)
    {
        int depth = random.Next(2) == 0 ? random.Next(90, 130) : random.Next(1_000, 200_000);
        int at = random.Next(2) == 0 && pickle.Length > 0 ? pickle.Length - 1 : random.Next(pickle.Length + 1);
        return
        [
            .. pickle[..at],
            .. Enumerable.Repeat((byte)']', depth),
            .. Enumerable.Repeat((byte)'a', depth - 1),
            .. pickle[at..],
        ];
    }

    /// <summary>A number of the text replaced by an array nested thousands deep, or by a number no type
    /// holds.</summary>
    public static byte[] Json(byte[] json, Random random)
    {
        var text = Encoding.UTF8.GetString(json);
        var numbers = System.Text.RegularExpressions.Regex.Matches(text, @"-?\d+(\.\d+)?([eE][-+]?\d+)?");
        if (numbers.Count == 0)
            return ByteMutations.Mutate(json, random);
        var number = numbers[random.Next(numbers.Count)];
        int depth = random.Next(2) == 0 ? random.Next(60, 70) : random.Next(1_000, 100_000);
        string replacement = random.Next(3) switch
        {
            0 => new string('[', depth) + new string(']', depth),
            1 => "1e400",
            _ => "-99999999999999999999999",
        };
        return Encoding.UTF8.GetBytes(text[..number.Index] + replacement + text[(number.Index + number.Length)..]);
    }

    private static byte[] ReadAll(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
