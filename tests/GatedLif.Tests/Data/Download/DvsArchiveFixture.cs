using System.IO.Compression;
using System.Security.Cryptography;
using GatedLif.Data.Download;
using GatedLif.Tests.Data.Datasets.Dvs;

namespace GatedLif.Tests.Data.Download;

/// <summary>
/// Small CIFAR10-DVS archives made in the test: real zip files holding
/// <c>&lt;class&gt;/cifar10_&lt;class&gt;_k.aedat</c> recordings of random events, as the official per-class archives
/// are laid out, and the archive list describing them.
/// </summary>
internal static class DvsArchiveFixture
{
    public static readonly string[] Classes = ["airplane", "cat", "truck"];

    public const int RecordingsPerClass = 3;

    /// <summary>The zip of one class: a folder entry, then its recordings or the entries given.</summary>
    public static byte[] Zip(
        string className,
        int seed,
        IEnumerable<(string Name, byte[] Content)>? entries = null,
        CompressionLevel level = CompressionLevel.Optimal
    )
    {
        entries ??= Recordings(className, seed);
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            zip.CreateEntry(className + "/");
            foreach (var (name, content) in entries)
            {
                using var stream = zip.CreateEntry(name, level).Open();
                stream.Write(content);
            }
        }
        return buffer.ToArray();
    }

    public static IEnumerable<(string Name, byte[] Content)> Recordings(string className, int seed)
    {
        var random = new Random(seed);
        for (int k = 0; k < RecordingsPerClass; k++)
        {
            int n = random.Next(40, 120);
            uint t = 0;
            var events = Enumerable
                .Range(0, n)
                .Select(_ =>
                    (
                        AedatFixture.Address(random.Next(128), random.Next(128), random.Next(2)),
                        t += (uint)random.Next(1, 30)
                    )
                )
                .ToList();
            yield return ($"{className}/cifar10_{className}_{k}.aedat", AedatFixture.Bytes(events));
        }
    }

    /// <summary>The zips of every class, by file name.</summary>
    public static Dictionary<string, byte[]> Zips() =>
        Classes.Select((c, i) => (c, i)).ToDictionary(p => p.c + ".zip", p => Zip(p.c, 100 + p.i));

    /// <summary>The archive list a downloader is given: each file's name, its URL under <paramref name="baseUrl"/> and
    /// its MD5.</summary>
    public static List<Cifar10DvsArchive> Describing(
        IReadOnlyDictionary<string, byte[]> zips,
        string baseUrl = "http://dvs.invalid/files/"
    ) => zips.Select(z => new Cifar10DvsArchive(z.Key, new Uri(new Uri(baseUrl), z.Key), Md5(z.Value))).ToList();

    public static string Md5(byte[] content) => Convert.ToHexStringLower(MD5.HashData(content));
}
