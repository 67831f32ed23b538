using System.Security.Cryptography;
using GatedLif.Data.Datasets;
using GatedLif.Data.Datasets.Dvs;

namespace GatedLif.Data.Download;

/// <summary>
/// Makes sure CIFAR10-DVS recordings are on disk as SpikingJelly 0.0.0.0.10 lays them out: the ten per-class archives
/// in <c>&lt;data_dir&gt;/download</c> (MD5-checked, fetched when missing or damaged) and their recordings in
/// <c>&lt;data_dir&gt;/extract/&lt;class&gt;/*.aedat</c>. Nothing partial is ever visible: archives are downloaded
/// under names unique to this call and renamed once their MD5 is right; all ten are extracted into a folder of such a
/// name, every recording checked, and the finished folder renamed to <c>extract</c>.
/// </summary>
public static class Cifar10DvsDownloader
{
    public const string DownloadFolderName = "download";

    /// <summary>
    /// Does nothing when <paramref name="dataDir"/> already holds recordings (<c>extract/</c>, or
    /// <c>&lt;class&gt;/*.aedat</c>) or the frame cache of <paramref name="frames"/> frames (used as it is, without
    /// recordings). Otherwise checks the archives in <c>download/</c> against their MD5s, downloads those missing or
    /// damaged (replacing a damaged one only once the new one is verified), and extracts them all into <c>extract/</c>.
    /// The archives are kept, as SpikingJelly keeps them.
    /// </summary>
    /// <param name="allowDownload">False (no downloads) turns a missing or damaged archive into an error naming
    /// it.</param>
    /// <param name="archives">The archives to expect; <see cref="Cifar10DvsArchive.Official"/> when null.</param>
    /// <returns>True when this call extracted the archives.</returns>
    /// <exception cref="DatasetException">
    /// An archive is missing or damaged and may not be downloaded, a download failed, or an archive or a recording in
    /// it is corrupt; the message names the file. <c>extract/</c> is then not created.
    /// </exception>
    public static bool EnsureEvents(
        string dataDir,
        int frames,
        FrameSplit split,
        bool allowDownload,
        ArchiveDownloadOptions? options = null,
        IReadOnlyList<Cifar10DvsArchive>? archives = null
    )
    {
        options ??= new ArchiveDownloadOptions();
        archives ??= Cifar10DvsArchive.Official;
        if (
            FrameCache.HasEvents(dataDir)
            || Directory.Exists(Path.Combine(dataDir, FrameCache.FolderName(frames, split)))
        )
            return false;
        string download = Path.Combine(dataDir, DownloadFolderName);
        var missing = archives
            .Where(a => !Verified(Path.Combine(download, a.FileName), a, options.Progress, allowDownload))
            .ToList();
        if (missing.Count > 0 && !allowDownload)
            throw new DatasetException(
                $"'{dataDir}' holds no CIFAR10-DVS recordings (<class>/*.aedat or extract/<class>/*.aedat), and "
                    + $"'{download}' "
                    + $"lacks {missing.Count} of the {archives.Count} archives, which are not downloaded as asked: "
                    + string.Join(", ", missing.Select(a => $"{a.FileName} (MD5 {a.Md5}, from {a.Url})"))
            );
        if (missing.Count > 0)
            Directory.CreateDirectory(download);
        foreach (var archive in missing)
        {
            try
            {
                Download(archive, download, options);
            }
            catch (DatasetException e)
            {
                throw new DatasetException(
                    $"'{dataDir}' holds no CIFAR10-DVS recordings (<class>/*.aedat or extract/<class>/*.aedat), so the "
                        + $"{archives.Count} archives are fetched into '{download}', and that failed: {e.Message} "
                        + "Put the archives there (or the recordings in the data folder) and run again.",
                    e
                );
            }
        }
        Extract(dataDir, download, archives, options.Progress);
        return true;
    }

    /// <summary>Whether the archive is present with its MD5; a damaged one is reported and left for a download to
    /// replace.</summary>
    private static bool Verified(string path, Cifar10DvsArchive archive, TextWriter? progress, bool allowDownload)
    {
        if (!File.Exists(path))
            return false;
        string md5;
        using (var file = File.OpenRead(path))
            md5 = Convert.ToHexStringLower(MD5.HashData(file));
        if (string.Equals(md5, archive.Md5, StringComparison.OrdinalIgnoreCase))
            return true;
        string message =
            $"'{path}' has MD5 {md5}, expected {archive.Md5.ToLowerInvariant()}: it is damaged or not "
            + $"the official archive";
        if (!allowDownload)
            throw new DatasetException(message);
        progress?.WriteLine($"{message}; downloading it again");
        return false;
    }

    private static void Download(Cifar10DvsArchive archive, string download, ArchiveDownloadOptions options)
    {
        string target = Path.Combine(download, archive.FileName);
        string part = Path.Combine(download, $"{archive.FileName}.{ScratchNames.Unique()}.part");
        try
        {
            Task.Run(() => ArchiveFetch.DownloadAsync(archive.Url, part, archive.Md5, options))
                .GetAwaiter()
                .GetResult();
            File.Move(part, target, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DatasetException($"Downloading '{archive.Url}' to '{target}' failed: {e.Message}", e);
        }
        finally
        {
            ScratchNames.Quietly(() => File.Delete(part));
        }
    }

    private static void Extract(
        string dataDir,
        string download,
        IReadOnlyList<Cifar10DvsArchive> archives,
        TextWriter? progress
    )
    {
        string target = Path.Combine(dataDir, FrameCache.ExtractFolderName);
        string temporary = Path.Combine(dataDir, $"{FrameCache.ExtractFolderName}.{ScratchNames.Unique()}.extracting");
        try
        {
            foreach (var archive in archives)
            {
                string path = Path.Combine(download, archive.FileName);
                progress?.WriteLine($"Extract [{path}] to [{target}].");
                ZipExtractor.Extract(path, temporary, CheckRecording);
                string classFolder = Path.Combine(temporary, archive.ClassName);
                if (
                    !Directory.Exists(classFolder)
                    || !Directory.EnumerateFiles(classFolder, "*" + FrameCache.EventExtension).Any()
                )
                    throw new DatasetException(
                        $"archive '{path}' holds no {archive.ClassName}/*{FrameCache.EventExtension} recordings, the "
                            + $"layout of the CIFAR10-DVS archives"
                    );
            }
            ScratchNames.Install(temporary, target, progress);
        }
        finally
        {
            ScratchNames.Quietly(() => Directory.Delete(temporary, recursive: true));
        }
    }

    /// <summary>Each recording must read as SpikingJelly reads it, so a corrupt one is found before it is
    /// installed.</summary>
    private static void CheckRecording(string entry, byte[] content)
    {
        if (entry.EndsWith(FrameCache.EventExtension, StringComparison.Ordinal))
            AedatReader.Check(content, entry);
    }
}
