using GatedLif.Data.Datasets;

namespace GatedLif.Data.Download;

/// <summary>
/// Makes sure a CIFAR dataset is on disk, fetching the authors' archive when it is not, as torchvision's
/// <c>CIFAR10(root, download=True)</c> does. Nothing partial is ever visible: the archive is downloaded and extracted
/// under names unique to this call inside the dataset path, and the finished folder is renamed into place.
/// </summary>
public static class CifarDownloader
{
    /// <summary>
    /// As <see cref="EnsurePresent(string, CifarArchive, bool, CifarDownloadOptions?)"/> with the official archive of
    /// <paramref name="variant"/> (<see cref="CifarArchive.For"/>).
    /// </summary>
    public static bool EnsurePresent(
        string datasetPath,
        CifarVariant variant,
        bool allowDownload,
        CifarDownloadOptions? options = null
    ) => EnsurePresent(datasetPath, CifarArchive.For(variant), allowDownload, options);

    /// <summary>
    /// Does nothing when the python or binary layout under <paramref name="datasetPath"/> already holds the files of
    /// <see cref="CifarDownloadOptions.Splits"/>. Otherwise downloads <paramref name="archive"/>, checks its MD5,
    /// extracts it and moves its folder into <paramref name="datasetPath"/> (created if needed). The archive is deleted
    /// afterwards, where torchvision keeps it: the extracted folder is what is read, and keeping both doubles the
    /// space.
    /// </summary>
    /// <param name="datasetPath">The folder that holds (or will hold) <c>cifar-10-batches-py</c> etc., as for <see
    /// cref="CifarDataset.Open"/>.</param>
    /// <param name="archive">What to fetch and how to check it.</param>
    /// <param name="allowDownload">False (the CLI's <c>--no-download</c>) turns a missing dataset into an error instead
    /// of a download.</param>
    /// <param name="options">Splits needed, progress output, base URL, HTTP handler and timeouts; defaults when
    /// null.</param>
    /// <returns>True when this call downloaded the archive, false when the files were already there and nothing was
    /// requested.</returns>
    /// <exception cref="DatasetException">
    /// The data is missing and may not be downloaded, a folder of the same name is incomplete, or the download or
    /// extraction failed. The dataset path then holds exactly what it held before.
    /// </exception>
    public static bool EnsurePresent(
        string datasetPath,
        CifarArchive archive,
        bool allowDownload,
        CifarDownloadOptions? options = null
    )
    {
        ArgumentNullException.ThrowIfNull(archive);
        options ??= new CifarDownloadOptions();
        string name = archive.Variant.DisplayName();
        if (string.IsNullOrWhiteSpace(datasetPath))
        {
            throw new DatasetException($"No dataset path given for {name}.");
        }

        string root = Path.GetFullPath(datasetPath);
        if (Missing(root, archive.Variant, options.Splits) is not { } missing)
        {
            return false;
        }

        if (!allowDownload)
        {
            throw new DatasetException(
                $"{missing} Downloading is disabled (--no-download), so {archive.FileName} was not fetched."
            );
        }

        string target = Path.Combine(root, archive.FolderName);
        if (Directory.Exists(target))
        {
            throw new DatasetException(
                $"{missing} The download would replace '{target}', which is left alone: delete it to "
                    + $"download {name} again."
            );
        }

        Uri url = CifarBaseUrl.ArchiveUrl(CifarBaseUrl.Resolve(options.BaseUrl), archive);
        Download(url, root, target, archive, options);
        return true;
    }

    /// <summary>
    /// Why the dataset cannot be opened, in <see cref="CifarDataset.Open"/>'s own words, or null when every split can
    /// be: asking the locator the reader uses keeps "present" meaning exactly "Open finds the files".
    /// </summary>
    private static string? Missing(string root, CifarVariant variant, IReadOnlyList<CifarSplit> splits)
    {
        foreach (var split in splits)
        {
            try
            {
                CifarSource.Locate(root, variant, split);
            }
            catch (DatasetException e)
            {
                return e.Message;
            }
        }

        return null;
    }

    private static void Download(
        Uri url,
        string root,
        string target,
        CifarArchive archive,
        CifarDownloadOptions options
    )
    {
        bool createdRoot = !Directory.Exists(root);
        string unique = ScratchNames.Unique();
        string archivePath = Path.Combine(root, $"{archive.FileName}.{unique}.part");
        string extractFolder = Path.Combine(root, $"{archive.FolderName}.{unique}.extracting");
        bool installed = false;
        try
        {
            Directory.CreateDirectory(root);
            Task.Run(() => ArchiveFetch.DownloadAsync(url, archivePath, archive.Md5, options)).GetAwaiter().GetResult();
            options.Progress?.WriteLine($"Extracting {archivePath} to {extractFolder}");
            TarGzExtractor.Extract(archivePath, extractFolder, url);
            string extracted = Path.Combine(extractFolder, archive.FolderName);
            CheckContents(extracted, archive, url);
            ScratchNames.Install(extracted, target, options.Progress);
            installed = true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DatasetException(
                $"Downloading {archive.Variant.DisplayName()} into '{root}' failed: {e.Message}",
                e
            );
        }
        finally
        {
            ScratchNames.Quietly(() => File.Delete(archivePath));
            ScratchNames.Quietly(() => Directory.Delete(extractFolder, recursive: true));
            if (!installed && createdRoot)
            {
                // Not recursive: the dataset path goes only if it is still empty (a concurrent download may be using
                // it).
                ScratchNames.Quietly(() => Directory.Delete(root));
            }
        }
    }

    private static void CheckContents(string extracted, CifarArchive archive, Uri url)
    {
        var missing = archive.ExpectedFiles.Where(f => !File.Exists(Path.Combine(extracted, f))).ToArray();
        if (missing.Length > 0)
        {
            throw new DatasetException(
                $"The archive downloaded from '{url}' does not hold the {archive.Variant.DisplayName()} files: missing "
                    + string.Join(", ", missing.Select(f => $"'{archive.FolderName}/{f}'"))
                    + "."
            );
        }
    }
}
