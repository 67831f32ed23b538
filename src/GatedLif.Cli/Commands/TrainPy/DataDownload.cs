using GatedLif.Data.Datasets;
using GatedLif.Data.Download;

namespace GatedLif.Cli.Commands.TrainPy;

/// <summary>torchvision's <c>download=True</c>: fetch the official archive when the data folder is missing.</summary>
public static class DataDownload
{
    public static void EnsurePresent(
        TrainPyOptions o,
        CifarVariant variant,
        TextWriter progress,
        params CifarSplit[] splits
    ) =>
        CifarDownloader.EnsurePresent(
            o.DatasetPath,
            variant,
            allowDownload: !o.NoDownload,
            new CifarDownloadOptions { Splits = splits, Progress = progress }
        );
}
