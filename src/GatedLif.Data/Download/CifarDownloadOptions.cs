using GatedLif.Data.Datasets;

namespace GatedLif.Data.Download;

/// <summary>How <see cref="CifarDownloader"/> looks for, fetches and reports a CIFAR archive. Every setting has a
/// usable default.</summary>
public sealed record CifarDownloadOptions : ArchiveDownloadOptions
{
    /// <summary>
    /// The splits that must be present for nothing to be fetched. Both by default, as torchvision checks; an evaluation
    /// that reads only the test split passes just that, so a folder holding only the test file is enough.
    /// </summary>
    public IReadOnlyList<CifarSplit> Splits { get; init; } = [CifarSplit.Train, CifarSplit.Test];

    /// <summary>Overrides <see cref="CifarBaseUrl.EnvironmentVariable"/> and <see
    /// cref="CifarBaseUrl.Default"/>.</summary>
    public string? BaseUrl { get; init; }
}
