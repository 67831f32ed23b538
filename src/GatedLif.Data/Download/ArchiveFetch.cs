using System.Globalization;
using System.Security.Cryptography;
using GatedLif.Data.Datasets;

namespace GatedLif.Data.Download;

/// <summary>
/// Streams one archive from a URL into a new file, hashing it on the way, and rejects it unless its MD5 is the expected
/// one. Every failure becomes a <see cref="DatasetException"/> naming the URL; the caller deletes the file.
/// </summary>
internal static class ArchiveFetch
{
    private const int BufferBytes = 1 << 16;

    public static async Task DownloadAsync(
        Uri url,
        string destination,
        string expectedMd5,
        ArchiveDownloadOptions options
    )
    {
        using var client = CreateClient(options);
        using var response = await SendAsync(client, url, options);
        long? total = response.Content.Headers.ContentLength;
        options.Progress?.WriteLine(
            total is long size
                ? $"Downloading {url} to {destination} ({DownloadProgress.Megabytes(size)})"
                : $"Downloading {url} to {destination}"
        );

        await using var body = await response.Content.ReadAsStreamAsync();
        await using var file = new FileStream(
            destination,
            FileMode.CreateNew,
            FileAccess.Write,
            FileShare.None,
            BufferBytes,
            useAsync: true
        );
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        using var stall = new CancellationTokenSource();
        var progress = new DownloadProgress(options.Progress, total);
        var buffer = new byte[BufferBytes];
        long received = 0;
        while (true)
        {
            int read;
            try
            {
                // Re-arming the timer before each read bounds the silence, not the whole transfer.
                stall.CancelAfter(options.StallTimeout);
                read = await body.ReadAsync(buffer, stall.Token);
            }
            catch (OperationCanceledException e) when (stall.IsCancellationRequested)
            {
                throw new DatasetException(
                    $"Downloading '{url}' stalled: nothing arrived for {Seconds(options.StallTimeout)} after "
                        + $"{Received(received, total)}.",
                    e
                );
            }
            catch (IOException e)
            {
                throw new DatasetException(
                    $"Downloading '{url}' broke off after {Received(received, total)}: {e.Message}",
                    e
                );
            }

            if (read == 0)
            {
                break;
            }

            md5.AppendData(buffer, 0, read);
            await file.WriteAsync(buffer.AsMemory(0, read));
            received += read;
            progress.Report(received);
        }

        if (total is long expected && received != expected)
        {
            throw new DatasetException($"Downloading '{url}' broke off after {Received(received, total)}.");
        }

        string actualMd5 = Convert.ToHexStringLower(md5.GetHashAndReset());
        if (!string.Equals(actualMd5, expectedMd5, StringComparison.OrdinalIgnoreCase))
        {
            throw new DatasetException(
                $"The archive downloaded from '{url}' has MD5 {actualMd5}, expected {expectedMd5.ToLowerInvariant()}: "
                    + "the download is damaged or the server does not hold the official archive."
            );
        }

        options.Progress?.WriteLine($"MD5 {actualMd5} verified");
    }

    private static HttpClient CreateClient(ArchiveDownloadOptions options)
    {
        var client = options.Handler is { } handler
            ? new HttpClient(handler, disposeHandler: false)
            : new HttpClient(new SocketsHttpHandler { ConnectTimeout = options.ConnectTimeout });
        // Covers connecting and waiting for the headers; the body is bounded by the stall timer instead.
        client.Timeout = options.ConnectTimeout + options.StallTimeout;
        return client;
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, Uri url, ArchiveDownloadOptions options)
    {
        HttpResponseMessage response;
        try
        {
            response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        }
        catch (HttpRequestException e)
        {
            throw new DatasetException($"Could not download '{url}': {e.Message}", e);
        }
        catch (OperationCanceledException e)
        {
            throw new DatasetException($"Could not download '{url}': no response within {Seconds(client.Timeout)}.", e);
        }

        if (!response.IsSuccessStatusCode)
        {
            response.Dispose();
            throw new DatasetException(
                $"Could not download '{url}': the server answered HTTP {(int)response.StatusCode} "
                    + $"({response.ReasonPhrase ?? response.StatusCode.ToString()})."
            );
        }

        return response;
    }

    private static string Received(long received, long? total) =>
        total is long size
            ? string.Create(CultureInfo.InvariantCulture, $"{received} of {size} bytes")
            : string.Create(CultureInfo.InvariantCulture, $"{received} bytes");

    private static string Seconds(TimeSpan span) =>
        string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.###} s");
}
