using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using GatedLif.Data.Datasets;
using GatedLif.Data.Download;
using GatedLif.Tests.Data.Datasets;
using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.Data.Download;

/// <summary>
/// Small stand-ins for the official CIFAR archives, laid out as the real ones are (a python-layout folder with both
/// splits and the class names), with <see cref="ImagesPerFile"/> images per file.
/// </summary>
internal static class CifarArchiveFixture
{
    public const int ImagesPerFile = 4;

    /// <summary>Labels of file <paramref name="fileIndex"/> (in <see cref="Files"/> order), distinct across
    /// files.</summary>
    public static int[] Labels(CifarVariant variant, int fileIndex) =>
        Enumerable.Range(0, ImagesPerFile).Select(i => (fileIndex * 3 + i * 7) % variant.ClassCount()).ToArray();

    /// <summary>The data files of the archive in order: the train split's, then the test split's.</summary>
    public static IReadOnlyList<string> Files(CifarVariant variant) =>
        [
            .. CifarPaths.FileNames(variant, CifarLayout.Python, CifarSplit.Train),
            .. CifarPaths.FileNames(variant, CifarLayout.Python, CifarSplit.Test),
        ];

    /// <summary>The archive's entries as (name inside the archive, bytes); <paramref name="leaveOut"/> drops one
    /// file.</summary>
    public static List<(string Name, byte[] Data)> Entries(CifarVariant variant, string? leaveOut = null)
    {
        using var scratch = new TempFolder();
        string folder = Path.Combine(scratch.Path, CifarPaths.FolderName(variant, CifarLayout.Python));
        var files = Files(variant);
        var paths = files
            .Select(
                (file, index) =>
                    CifarPythonWriter.Write(
                        folder,
                        file,
                        CifarFixtures.Images(ImagesPerFile, seed: index),
                        Labels(variant, index),
                        variant
                    )
            )
            .ToList();
        var classNames = Enumerable.Range(0, variant.ClassCount()).Select(c => $"class{c}").ToList();
        paths.Add(CifarPythonWriter.WriteMeta(folder, variant, classNames));
        return paths
            .Where(p => Path.GetFileName(p) != leaveOut)
            .Select(p => ($"{Path.GetFileName(folder)}/{Path.GetFileName(p)}", File.ReadAllBytes(p)))
            .ToList();
    }

    /// <summary>A tar.gz of a folder entry for the dataset folder, then <paramref name="entries"/> as regular
    /// files.</summary>
    public static byte[] TarGz(
        CifarVariant variant,
        IEnumerable<(string Name, byte[] Data)> entries,
        Action<TarWriter>? addMore = null
    )
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            tar.WriteEntry(
                new PaxTarEntry(TarEntryType.Directory, CifarPaths.FolderName(variant, CifarLayout.Python) + "/")
            );
            foreach (var (name, data) in entries)
            {
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(data) });
            }

            addMore?.Invoke(tar);
        }

        return buffer.ToArray();
    }

    /// <summary>A complete small archive of <paramref name="variant"/>.</summary>
    public static byte[] Build(CifarVariant variant) => TarGz(variant, Entries(variant));

    /// <summary>The official archive's name with the MD5 of <paramref name="served"/>, so the downloader accepts
    /// it.</summary>
    public static CifarArchive Describing(CifarVariant variant, byte[] served) =>
        CifarArchive.For(variant) with
        {
            Md5 = Convert.ToHexStringLower(MD5.HashData(served)),
        };
}
