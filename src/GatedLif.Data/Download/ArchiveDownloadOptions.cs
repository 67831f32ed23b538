namespace GatedLif.Data.Download;

/// <summary>How an archive is fetched and reported, for every dataset that downloads one. Every setting has a usable
/// default.</summary>
public record ArchiveDownloadOptions
{
    /// <summary>Receives plain-text progress lines while downloading and extracting; nothing is written when the data
    /// is present.</summary>
    public TextWriter? Progress { get; init; }

    /// <summary>Sends the request instead of a fresh socket handler (which <see cref="ConnectTimeout"/> configures); it
    /// is not disposed.</summary>
    public HttpMessageHandler? Handler { get; init; }

    /// <summary>How long opening the connection may take, so an unreachable server fails fast.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long the server may send nothing, waiting for the response headers or between body reads. A stall bound
    /// rather than a total one, so a slow but steady link can still fetch archives of hundreds of MB.
    /// </summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
