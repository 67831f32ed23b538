using System.Formats.Tar;
using System.IO.Compression;
using GatedLif.Data.Datasets;

namespace GatedLif.Data.Download;

/// <summary>
/// Unpacks a .tar.gz into a folder, accepting only folders and regular files that stay inside it: a downloaded archive
/// is untrusted, and the CIFAR archives hold nothing else. Failures become a <see cref="DatasetException"/> naming the
/// source.
/// </summary>
internal static class TarGzExtractor
{
    public static void Extract(string archivePath, string destination, Uri source)
    {
        string root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(destination)) + Path.DirectorySeparatorChar;
        Directory.CreateDirectory(root);
        try
        {
            if (TarMetadataScreen.Refusal(archivePath) is { } refusal)
                throw new DatasetException(
                    $"The archive downloaded from '{source}' could not be extracted: {refusal}."
                );
            using var file = File.OpenRead(archivePath);
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            using var tar = new TarReader(gzip);
            while (tar.GetNextEntry() is { } entry)
            {
                ExtractEntry(entry, root, source);
            }
        }
        // TarReader reports some malformed headers as overflows or bad arguments; they are named the same way.
        catch (Exception e)
            when (e is InvalidDataException or IOException or FormatException or OverflowException or ArgumentException)
        {
            throw new DatasetException(
                $"The archive downloaded from '{source}' could not be extracted: {e.Message}",
                e
            );
        }
    }

    private static void ExtractEntry(TarEntry entry, string root, Uri source)
    {
        switch (entry.EntryType)
        {
            case TarEntryType.Directory:
                Directory.CreateDirectory(Target(entry, root, source));
                break;
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                string target = Target(entry, root, source);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                entry.ExtractToFile(target, overwrite: false);
                break;
            case TarEntryType.GlobalExtendedAttributes:
                // Metadata that pax writers may add; it names no file.
                break;
            default:
                throw new DatasetException(
                    $"The archive downloaded from '{source}' holds '{entry.Name}', a {entry.EntryType} entry; "
                        + "only folders and regular files are extracted."
                );
        }
    }

    /// <summary>Where an entry goes, refusing names that are absolute or climb out of <paramref
    /// name="root"/>.</summary>
    private static string Target(TarEntry entry, string root, Uri source) =>
        ArchiveEntryPath.Resolve(root, entry.Name)
        ?? throw new DatasetException(
            $"The archive downloaded from '{source}' holds the entry '{entry.Name}', which would land outside the "
                + $"extraction folder; "
                + "nothing from it is used."
        );
}
