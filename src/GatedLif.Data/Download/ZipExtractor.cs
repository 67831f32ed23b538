using System.IO.Compression;
using System.IO.Hashing;
using GatedLif.Data.Datasets;

namespace GatedLif.Data.Download;

/// <summary>
/// Unpacks a .zip into a folder, accepting only folders and files that stay inside it (an archive is untrusted) and
/// whose CRC-32 is right, and hands each file's bytes to a check before writing them. Failures become one <see
/// cref="DatasetException"/> naming the archive (and the entry).
/// </summary>
internal static class ZipExtractor
{
    public static void Extract(string archivePath, string destination, Action<string, byte[]> checkEntry)
    {
        string root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(destination)) + Path.DirectorySeparatorChar;
        Directory.CreateDirectory(root);
        try
        {
            using var zip = ZipFile.OpenRead(archivePath);
            foreach (var entry in zip.Entries)
            {
                string target = Target(entry.FullName, root, archivePath);
                if (entry.FullName.EndsWith('/'))
                {
                    Directory.CreateDirectory(target);
                    continue;
                }
                byte[] content;
                using (var input = entry.Open())
                // The size the archive claims only hints the first buffer: memory follows the bytes that inflate.
                using (var buffer = new MemoryStream((int)Math.Clamp(entry.Length, 0, 1 << 20)))
                {
                    input.CopyTo(buffer);
                    content = buffer.ToArray();
                }
                // ZipArchive does not check the CRC-32 that every entry records, so damage inside an entry is found
                // here.
                uint crc = Crc32.HashToUInt32(content);
                if (crc != entry.Crc32)
                    throw new InvalidDataException(
                        $"entry '{entry.FullName}' has CRC-32 {crc:x8}, the archive records {entry.Crc32:x8}"
                    );
                try
                {
                    checkEntry(entry.FullName, content);
                }
                catch (DatasetException e)
                {
                    throw new DatasetException($"archive '{archivePath}': {e.Message}", e);
                }
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.WriteAllBytes(target, content);
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new DatasetException($"archive '{archivePath}' could not be extracted: {e.Message}", e);
        }
    }

    /// <summary>Where an entry goes, refusing names that are absolute or climb out of <paramref
    /// name="root"/>.</summary>
    private static string Target(string name, string root, string archivePath) =>
        ArchiveEntryPath.Resolve(root, name)
        ?? throw new DatasetException(
            $"archive '{archivePath}' holds the entry '{name}', which would land outside the extraction folder; "
                + $"nothing from it is used"
        );
}
