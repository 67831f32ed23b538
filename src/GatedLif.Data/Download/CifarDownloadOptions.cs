using GatedLif.Data.Datasets;

namespace GatedLif.Data.Download;

/// <summary>How <see cref="CifarDownloader"/> looks for, fetches and reports a CIFAR archive. Every setting has a usable default.</summary>
public sealed record CifarDownloadOptions
{
    /// <summary>
    /// The splits that must be present for nothing to be fetched. Both by default, as torchvision checks; an evaluation
    /// that reads only the test split passes just that, so a folder holding only the test file is enough.
    /// </summary>
    public IReadOnlyList<CifarSplit> Splits { get; init; } = [CifarSplit.Train, CifarSplit.Test];

    /// <summary>Receives plain-text progress lines while downloading and extracting; nothing is written when the data is present.</summary>
    public TextWriter? Progress { get; init; }

    /// <summary>Overrides <see cref="CifarBaseUrl.EnvironmentVariable"/> and <see cref="CifarBaseUrl.Default"/>.</summary>
    public string? BaseUrl { get; init; }

    /// <summary>Sends the request instead of a fresh socket handler (which <see cref="ConnectTimeout"/> configures); it is not disposed.</summary>
    public HttpMessageHandler? Handler { get; init; }

    /// <summary>How long opening the connection may take, so an unreachable server fails fast.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long the server may send nothing, waiting for the response headers or between body reads. A stall bound
    /// rather than a total one, so a slow but steady link can still fetch the 170 MB archive.
    /// </summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
